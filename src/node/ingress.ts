import { availableParallelism } from 'node:os';
import { decodeTx, isRejection, type Verifier } from '../ledger/tx.ts';
import type { DecodedTx } from '../ledger/types.ts';
import type { NodeErrorCode, Refusal } from './errors.ts';
import type { Mempool } from './mempool.ts';
import { VerifyPool, verifyPoolSize, type VerifyJob } from './verify-pool.ts';

/** Who handed the node a tx: a client (HTTP, single or batch) or a peer (gossip). */
export type TxOrigin = 'client' | 'peer';

/**
 * The outcome of admitting one tx (spec/node.md §Ingress). A refusal carries whether the tx's bytes
 * alone are at fault (it does not decode, is for another chain, or a signature fails): every honest
 * node refuses such a tx whatever its state, so gossip counts it against the peer that sent it.
 */
export type Admission = { ok: true; tx: DecodedTx } | { ok: false; code: NodeErrorCode; message: string; bytesAtFault: boolean };

/** The one admission function (HTTP single and batch, gossip): one outcome per tx, in order. */
export type Admit = (list: readonly Uint8Array[], origin: TxOrigin) => Promise<Admission[]>;

/** The admission function as a client (HTTP) sees it: a client's admitted txs go on to the peers. */
export type ClientAdmit = (list: readonly Uint8Array[]) => Promise<Admission[]>;

/** Signature checks for a batch, off the main thread where that pays (VerifyPool). */
export type VerifyBatch = (jobs: VerifyJob[]) => Promise<boolean[]>;

export interface IngressOptions {
  chainId: string;
  mempool: Mempool;
  verify: Verifier;
  /** The tx is in a committed block already. */
  isCommitted: (id: string) => boolean;
  /** Called once per call of admit with the txs it admitted (possibly none): consensus, then gossip. */
  onAdmitted: (txs: DecodedTx[], origin: TxOrigin) => void;
  /**
   * The worker pool: every peer's tx and client batches of BATCH_POOL_MIN or more txs check their
   * signatures here; absent (the simulator), on this thread.
   */
  verifyBatch?: VerifyBatch;
}

/**
 * Below this many txs a client's batch is checked on the main thread: posting to a worker costs more
 * than it saves the client's wait. A peer's txs always go to the pool: in a network they are most of
 * a node's intake (75% of it with four validators, issue 13), and the main thread runs consensus.
 */
const BATCH_POOL_MIN = 16;

/**
 * Ingress (spec/node.md §Ingress): the only way into the mempool. Checks in order, the first failing
 * one refusing the tx: shutting down; decoding (the ledger's codes); chain id; each signature; already
 * committed; then the mempool's own (Mempool.admit). Each tx of a batch is admitted on its own, in
 * order, so several txs of one sender with consecutive nonces work.
 */
export class Ingress {
  private readonly options: IngressOptions;
  private stopping = false;

  constructor(options: IngressOptions) {
    this.options = options;
  }

  /** From now on every tx is refused with `shutting_down`. */
  stop(): void {
    this.stopping = true;
  }

  readonly admit: Admit = async (list, origin) => {
    if (this.stopping) return list.map(() => refused({ code: 'shutting_down', message: 'the node is stopping' }, false));
    const decoded = list.map((bytes) => this.decode(bytes));
    const verdicts = await this.verifySignatures(decoded, origin);
    let next = 0;
    const admitted: DecodedTx[] = [];
    const outcomes = decoded.map((tx): Admission => {
      if ('ok' in tx) return tx;
      const bad = tx.tx.body.signers.map(() => verdicts[next++]).indexOf(false);
      if (bad >= 0) return refused({ code: 'bad_signature', message: `signature ${bad} does not verify for signer ${tx.signerAddresses[bad]}` }, true);
      if (this.options.isCommitted(tx.id)) return refused({ code: 'already_committed', message: `tx ${tx.id} is already committed` }, false);
      const refusal = this.options.mempool.admit(tx);
      if (refusal !== null) return refused(refusal, false);
      admitted.push(tx);
      return { ok: true, tx };
    });
    this.options.onAdmitted(admitted, origin);
    return outcomes;
  };

  /** Decoding and the chain id: what the bytes alone decide. */
  private decode(bytes: Uint8Array): DecodedTx | Admission {
    const tx = decodeTx(bytes);
    if (isRejection(tx)) return refused(tx, true);
    const { chainId } = this.options;
    if (tx.tx.body.chainId !== chainId) return refused({ code: 'wrong_chain', message: `tx is for chain "${tx.tx.body.chainId}", this is "${chainId}"` }, true);
    return tx;
  }

  /** One verdict per signature of every decoded tx, in order. */
  private async verifySignatures(decoded: (DecodedTx | Admission)[], origin: TxOrigin): Promise<boolean[]> {
    const txs = decoded.filter((tx): tx is DecodedTx => !('ok' in tx));
    if (txs.length === 0) return [];
    const { verifyBatch, verify } = this.options;
    const onThisThread = origin === 'client' && txs.length < BATCH_POOL_MIN;
    if (verifyBatch === undefined || onThisThread) {
      return txs.flatMap((tx) => tx.tx.body.signers.map((signer, i) => verify(signer.publicKey, tx.signBytes, tx.tx.signatures[i])));
    }
    return verifyBatch(txs.flatMap((tx) => tx.tx.body.signers.map((signer, i) => ({ publicKey: signer.publicKey, message: tx.signBytes, signature: tx.tx.signatures[i] }))));
  }
}

function refused(refusal: Refusal, bytesAtFault: boolean): Admission {
  return { ok: false, code: refusal.code, message: refusal.message, bytesAtFault };
}

/** The worker pool for large batches, sized to the machine; the composition root owns and closes it. */
export function createVerifyPool(): VerifyPool {
  return new VerifyPool(verifyPoolSize(availableParallelism()));
}

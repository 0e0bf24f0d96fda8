import { decodeEvidence, evidenceToJson, offender } from '../chain/evidence.ts';
import type { Header } from '../chain/block.ts';
import type { Genesis } from '../chain/genesis.ts';
import { buildEvidenceDocument } from './evidence-document.ts';
import type {
  AccountResponse,
  AccountTxsResponse,
  AssetResponse,
  AssetsResponse,
  BalanceJson,
  BlockEventJson,
  BlockResponse,
  EvidenceDocumentResponse,
  GenesisResponse,
  ValidatorsResponse,
  JsonValue,
  ParamsResponse,
  PendingEvidenceResponse,
  ReceiptJson,
  StatusResponse,
  TxBodyJson,
  TxEventJson,
  TxResponse,
} from '../client/types.ts';
import { decode } from '../codec/cbor.ts';
import { toJson } from '../codec/json.ts';
import { readUint } from '../codec/shape.ts';
import { isAddress } from '../crypto/address.ts';
import { toHex } from '../crypto/hash.ts';
import { totalPower, validatorsHash, validatorsToJson } from '../chain/validators.ts';
import { readValidatorSchedule, validatorSetByHash } from '../ledger/validators/schedule.ts';
import { AMOUNT_MAX, ASSET_SYMBOL_PATTERN } from '../ledger/limits.ts';
import { decodeTx, isRejection, txIdOf } from '../ledger/tx.ts';
import type { DecodedTx, Receipt } from '../ledger/types.ts';
import { assetKey, balanceKey, decodeAsset, getAsset, getNonce, type Asset } from '../ledger/accounts/balances.ts';
import { beforeBase, NodeError } from './errors.ts';
import { stateSyncBase } from './report-blocks.ts';
import type { BlockEvent, TxEvent } from './events.ts';
import { PAGE_LIMIT_MAX } from './limits.ts';
import type { NodeReader } from './reader.ts';
import type { StoreReader } from './store-port.ts';

/**
 * The read side of the node as plain functions returning the JSON shapes of spec/api.md (types in
 * src/client/types.ts), so that the HTTP routes stay thin. Bad input throws NodeError with its code.
 */

/** What the node cannot tell about itself from its state: filled in by whoever runs it. */
export interface NodeFacts {
  version: string;
  validator: string | null;
}

export function queryStatus(node: NodeReader, facts: NodeFacts): StatusResponse {
  return {
    chainId: node.chain.genesis.chainId,
    genesisHash: node.chain.genesis.hash,
    height: node.chain.height,
    lastBlockHash: node.chain.lastHash,
    lastBlockTimeMs: node.chain.lastTimeMs,
    validator: facts.validator,
    mempoolSize: node.mempool.size,
    version: facts.version,
    peerId: node.peers().peerId,
    peers: node.peers().count,
  };
}

export function queryParams(node: NodeReader): ParamsResponse {
  const { nativeAsset, fees } = node.chain.genesis.params;
  const base: { [kind: string]: string } = {};
  for (const kind of Object.keys(fees.base).sort()) base[kind] = String(fees.base[kind as keyof typeof fees.base]);
  return { chainId: node.chain.genesis.chainId, nativeAsset, fees: { perByte: fees.perByte.toString(), base } };
}

/** GET /v1/genesis: the chain and its genesis validator set, the anchor of spec/provenance.md §1. */
export function queryGenesis(node: NodeReader): GenesisResponse {
  const { chainId, hash, genesisTimeMs, validators } = node.chain.genesis;
  return { chainId, genesisHash: hash, genesisTimeMs, validatorsHash: validatorsHash(validators), validators: validatorsToJson(validators) };
}

/**
 * GET /v1/validators: the set that signs `height` (spec/ledger.md §10.1), from 1 to the tip + 2; by
 * default the tip + 1. A committed height's set is the one its header names, read from the state's
 * sets by hash.
 */
export function queryValidators(node: NodeReader, height?: number): ValidatorsResponse {
  const tip = node.chain.height;
  const at = height ?? tip + 1;
  if (!Number.isSafeInteger(at) || at < 1) throw new NodeError('bad_request', 'height: from 1');
  if (at > tip + 2) throw new NodeError('not_found', `the validator set of height ${at} is not known yet: the tip is ${tip}, sets are fixed up to the tip + 2`);
  const schedule = readValidatorSchedule(node.store);
  if (schedule === undefined) throw new NodeError('internal', 'the state holds no validator set');
  const hash = at === tip + 1 ? schedule.current.hash : at === tip + 2 ? schedule.next.hash : node.store.getBlock(at)?.block.header.validatorsHash;
  if (hash === undefined && at < stateSyncBase(node.store)) throw beforeBase(`the validator set of height ${at}`, stateSyncBase(node.store));
  const validators = hash === undefined ? undefined : validatorSetByHash(node.store, hash);
  if (hash === undefined || validators === undefined) throw new NodeError('internal', `the validator set of height ${at} is missing`);
  return { height: at, validatorsHash: hash, totalPower: totalPower(validators).toString(), validators: validatorsToJson(validators), sequence: schedule.sequence.toString() };
}

export function receiptToJson(receipt: Receipt): ReceiptJson {
  const json: ReceiptJson = { code: receipt.code, fee: receipt.fee.toString(), events: receipt.events.map((e) => ({ type: e.type, attributes: { ...e.attributes } })) };
  if (receipt.message !== undefined) json.message = receipt.message;
  return json;
}

function txBodyToJson(decoded: DecodedTx): TxBodyJson {
  const { body } = decoded.tx;
  return {
    chainId: body.chainId,
    kind: body.kind,
    payload: toJson(body.payload) as { [key: string]: JsonValue },
    signers: body.signers.map((s, i) => ({ address: decoded.signerAddresses[i], publicKey: toHex(s.publicKey), nonce: s.nonce.toString() })),
    fee: body.fee.toString(),
    expiresAt: body.expiresAt ?? null,
  };
}

function decodeStored(bytes: Uint8Array): DecodedTx {
  const decoded = decodeTx(bytes);
  if (isRejection(decoded)) throw new NodeError('internal', `a stored tx does not decode: ${decoded.code}`);
  return decoded;
}

function txJson(decoded: DecodedTx): Pick<TxResponse, 'tx' | 'signatures' | 'size'> {
  return { tx: txBodyToJson(decoded), signatures: decoded.tx.signatures.map(toHex), size: decoded.bytes.length };
}

/** A committed or pending tx, or undefined. A pending tx is found by a scan of the mempool (≤ MEMPOOL_TXS_MAX). */
export function queryTx(node: NodeReader, id: string): TxResponse | undefined {
  const status = node.txStatus(id);
  if (status.status === 'committed') {
    const bytes = node.store.getBlock(status.height)?.block.txs[status.index];
    if (bytes === undefined) throw new NodeError('internal', `tx ${id} is indexed at ${status.height}.${status.index} but the block lacks it`);
    return { id, status: 'committed', height: status.height, index: status.index, receipt: receiptToJson(status.receipt), ...txJson(decodeStored(bytes)) };
  }
  if (status.status === 'pending') {
    const pending = node.mempool.get(id);
    if (pending !== undefined) return { id, status: 'pending', ...txJson(pending) };
  }
  return undefined;
}

/** A committed block by height ('latest' for the tip), or undefined (height 0, genesis, has none). */
export function queryBlock(node: NodeReader, height: number | 'latest'): BlockResponse | undefined {
  const at = height === 'latest' ? node.chain.height : height;
  const stored = at >= 1 ? node.store.getBlock(at) : undefined;
  if (stored === undefined && at >= 1 && at < stateSyncBase(node.store)) throw beforeBase(`block ${at}`, stateSyncBase(node.store));
  if (stored === undefined) return undefined;
  // Committed evidence was checked when its block was: decoding it again cannot fail.
  const evidence = stored.block.evidence.map(decodeEvidence);
  return {
    height: at,
    hash: stored.hash,
    header: headerToJson(stored.block.header),
    txs: stored.block.txs.map(txIdOf),
    evidence: evidence.map(evidenceToJson),
    offenders: [...new Set(evidence.map(offender))].sort(),
    commit: { round: stored.commit.round, signatures: stored.commit.signatures.map((s) => ({ validator: s.validator, signature: toHex(s.signature) })) },
  };
}

/** The evidence this node holds to be committed (GET /v1/evidence/pending); each piece was verified when it was kept. */
export function queryPendingEvidence(node: NodeReader): PendingEvidenceResponse {
  return { pending: node.store.loadPendingEvidence().map((bytes) => evidenceToJson(decodeEvidence(bytes))) };
}

/**
 * A committed block's evidence document (GET /v1/blocks/:height/evidence, spec/chain.md §6.5), `latest`
 * being `tip`, the store's height. The node builds it on its read thread (report-worker.ts,
 * thread-reads.ts) over one snapshot: its hand-over blocks are up to REPORT_BLOCKS_MAX block reads.
 */
export function queryBlockEvidence(store: StoreReader, genesis: Pick<Genesis, 'chainId' | 'validators'>, tip: number, height: number | 'latest'): EvidenceDocumentResponse {
  const at = height === 'latest' ? tip : height;
  checkEvidenceHeight(at, height);
  return buildEvidenceDocument(store, genesis, at);
}

/** Refuses height 0 (or `latest` before the first block): genesis has no block. Checked before the read waits for the read thread too. */
export function checkEvidenceHeight(at: number, height: number | 'latest'): void {
  if (at < 1) throw new NodeError('not_found', height === 'latest' ? 'no block is committed yet' : `no block at height ${height}`);
}

function headerToJson(header: Header): Header {
  return { ...header };
}

export function checkAddress(address: string): string {
  if (!isAddress(address)) throw new NodeError('bad_address', 'expected a lower-case bech32m agora1… address');
  return address;
}

export function queryAccount(node: NodeReader, address: string): AccountResponse {
  checkAddress(address);
  const prefix = balanceKey(address, '');
  const entries = node.store.scanState(prefix, PAGE_LIMIT_MAX + 1);
  const balances: BalanceJson[] = entries.slice(0, PAGE_LIMIT_MAX).map(({ key, value }) => ({
    asset: key.slice(prefix.length),
    amount: readUint(decode(value), 'balance', AMOUNT_MAX).toString(),
  }));
  return {
    address,
    nonce: getNonce(node.store, address).toString(),
    pendingNonce: getNonce(node.mempool.pendingState(), address).toString(),
    balances,
    moreBalances: entries.length > PAGE_LIMIT_MAX,
  };
}

/** Parses a "HEIGHT.INDEX" cursor; throws `bad_request`. */
function parseTxCursor(cursor: string): { height: number; index: number } {
  const match = /^([0-9]{1,15})\.([0-9]{1,9})$/.exec(cursor);
  if (match === null) throw new NodeError('bad_request', 'before: expected HEIGHT.INDEX, e.g. 120.3');
  return { height: Number(match[1]), index: Number(match[2]) };
}

export function queryAccountTxs(node: NodeReader, address: string, limit: number, before?: string): AccountTxsResponse {
  checkAddress(address);
  const cursor = before === undefined ? undefined : parseTxCursor(before);
  const found = node.store.txsOfAddress(address, limit + 1, cursor);
  const txs = found.slice(0, limit);
  const last = txs.at(-1);
  return { txs, next: found.length > limit && last !== undefined ? `${last.height}.${last.index}` : null };
}

export function checkSymbol(symbol: string): string {
  if (!ASSET_SYMBOL_PATTERN.test(symbol)) throw new NodeError('bad_symbol', 'a symbol is 2-12 upper-case letters or digits, starting with a letter');
  return symbol;
}

function assetToJson(asset: Asset): AssetResponse {
  return {
    symbol: asset.symbol,
    name: asset.name,
    decimals: asset.decimals,
    supply: asset.supply.toString(),
    maxSupply: asset.maxSupply?.toString() ?? null,
    mintAuthority: asset.mintAuthority ?? null,
    creator: asset.creator,
    mintable: asset.mintAuthority !== undefined,
  };
}

export function queryAsset(node: NodeReader, symbol: string): AssetResponse | undefined {
  const asset = getAsset(node.store, checkSymbol(symbol));
  return asset === undefined ? undefined : assetToJson(asset);
}

export function queryAssets(node: NodeReader, limit: number, after?: string): AssetsResponse {
  if (after !== undefined) checkSymbol(after);
  const entries = node.store.scanState(assetKey(''), limit + 1, after);
  const assets = entries.slice(0, limit).map(({ value }) => assetToJson(decodeAsset(decode(value))));
  const last = assets.at(-1);
  return { assets, next: entries.length > limit && last !== undefined ? last.symbol : null };
}

export function blockEventToJson(event: BlockEvent): BlockEventJson {
  return { height: event.height, hash: event.hash, header: headerToJson(event.header), txs: [...event.txIds] };
}

export function txEventToJson(event: TxEvent): TxEventJson {
  return { id: event.id, height: event.height, index: event.index, addresses: [...event.addresses], receipt: receiptToJson(event.receipt) };
}

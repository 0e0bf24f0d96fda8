// Attack 7 of issue 12 against a reputation report (spec/reputation.md §4), as an attacker builds it:
// take a real report, inflate the subject's aggregates (1 000 trades) in a state trie of the
// forger's own, and sign the state block with fresh keys. Against the report's own validator set it
// checks out; only a trust anchor the reader chose tells it apart (spec/provenance.md §1). The same
// forgery as test/client/reputation-report.test.ts, shared by the CLI and web tests.
import { blockHash } from '../../src/chain/block.ts';
import { stateProof } from '../../src/chain/state-proof.ts';
import { TrieUpdate, type TrieNodeReader } from '../../src/chain/state-trie.ts';
import { voteSignBytes } from '../../src/chain/votes.ts';
import { readReputationReport } from '../../src/client/reputation/read.ts';
import { serializeReputationReport } from '../../src/client/reputation/report.ts';
import { decode, encode } from '../../src/codec/cbor.ts';
import { fromHex, toHex } from '../../src/crypto/hash.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import { decodeAggregates, encodeAggregates } from '../../src/ledger/market/reputation-state.ts';
import { forgerKeys, forgerSet } from './forge-report.ts';

export interface ForgeReputationOptions {
  /** The forger's keys; default: forgerKeys(). */
  keys?: KeyPair[];
  /** Keeps the real genesis set as the report's first and appends the forger's, as if the set had changed (with no hand-over block). */
  keepRealSetFirst?: boolean;
}

/** The canonical text of `text`'s report with 1 000 trades claimed, its state block signed by fresh keys. */
export function forgeReputationReport(text: string, options: ForgeReputationOptions = {}): string {
  const report = readReputationReport(text);
  const keys = options.keys ?? forgerKeys();
  const forgedSet = forgerSet(keys);
  const hash = forgedSet.hash;
  const entries = [report.native, report.aggregates, ...report.reviews.flatMap((r) => [r.review, r.trade]), ...report.counters];
  const lie = decodeAggregates(decode(fromHex(report.aggregates.value)));
  lie.trades = 1000n;
  const forgedValues = new Map(entries.map((p) => [p.key, p.key === report.aggregates.key ? encode(encodeAggregates(lie)) : fromHex(p.value)]));
  const update = new TrieUpdate({ getNode: () => undefined });
  for (const [key, value] of forgedValues) update.put(key, value);
  const { root, writes } = update.finish();
  const nodes: TrieNodeReader = { getNode: (path) => writes.get(path) ?? undefined };
  const header = { ...report.block.header, stateRoot: toHex(root), validatorsHash: hash, nextValidatorsHash: hash, proposer: keys[0].address };
  const bh = blockHash(header);
  const message = voteSignBytes(header.chainId, { type: 'precommit', height: header.height, round: 0, blockHash: bh });
  const proof = (key: string) => ({ key, value: toHex(forgedValues.get(key)!), path: stateProof(nodes, key)!.map(toHex) });
  return serializeReputationReport({
    ...report,
    validatorSets: options.keepRealSetFirst === true ? [report.validatorSets[0], forgedSet] : [forgedSet],
    handOvers: [],
    block: { header, commit: { height: header.height, round: 0, blockHash: bh, signatures: keys.map((k) => ({ validator: k.address, signature: toHex(k.sign(message)) })) } },
    native: proof(report.native.key),
    aggregates: proof(report.aggregates.key),
    reviews: report.reviews.map((r) => ({ review: proof(r.review.key), trade: proof(r.trade.key) })),
    counters: report.counters.map((c) => proof(c.key)),
  });
}

import { PATHS } from './paths.ts';
import { ADDRESS, TX_ID } from './common.ts';
import { EVENT_SUBSCRIBERS_MAX } from './limits.ts';
import { BAD_REQUEST, errorResponse, type RouteSpec } from './route.ts';
import { RECEIPT } from './txs.ts';
import { array, decimal, describe, enumOf, hex, integer, nullable, object, oneOf, record, string, type Static } from './schema.ts';

/** The chain as a whole: status, params, evidence, blocks and the event stream (spec/api.md §3, §5). */

// ---- request parts ------------------------------------------------------------------------------

export const BLOCK_PARAMS = object({ height: string('a height ≥ 1, or "latest"', { pattern: '^(latest|[0-9]{1,15})$' }) });
export const VALIDATORS_QUERY = object({ height: string('a height from 1 to the tip + 2; absent: the set that signs the next block', { pattern: '^[0-9]{1,15}$' }) }, ['height']);
export const EVENTS_QUERY = object({ address: describe(ADDRESS, 'stream only the txs touching this address (no block events)') }, ['address']);

// ---- answers ------------------------------------------------------------------------------------

export const STATUS = object({
  chainId: string(),
  genesisHash: hex('genesis hash', 32),
  height: integer('committed height; 0 before the first block'),
  lastBlockHash: hex('hash of the last block (the genesis hash at height 0)', 32),
  lastBlockTimeMs: integer('the last block’s time (the genesis time at height 0)'),
  validator: nullable(string('this node’s validator address')),
  mempoolSize: integer(),
  version: string(),
  peerId: nullable(string('libp2p peer id, null without networking')),
  peers: integer('connected peers'),
});

const SIGNED_VOTE = object({ blockHash: nullable(hex('block hash, null for nil', 32)), signature: hex('signature', 64) });

/** One piece of committed or pending evidence (spec/chain.md §6): `chain/evidence.ts` EvidenceJson. */
export const EVIDENCE_PIECE = oneOf([
  object({
    kind: enumOf(['duplicateVote']),
    id: hex('evidence id: SHA-256 of its canonical bytes', 32),
    chainId: string(),
    validator: string('the validator that signed both votes'),
    type: enumOf(['prevote', 'precommit']),
    height: integer(),
    round: integer(),
    first: SIGNED_VOTE,
    second: SIGNED_VOTE,
  }),
  object({
    kind: enumOf(['proposalEquivocation']),
    id: hex('evidence id: SHA-256 of its canonical bytes', 32),
    chainId: string(),
    proposer: string('the proposer that signed both proposals'),
    height: integer(),
    round: integer(),
    first: object({ blockHash: hex('block hash', 32), polRound: integer('−1 or a round'), signature: hex('signature', 64) }),
    second: object({ blockHash: hex('block hash', 32), polRound: integer('−1 or a round'), signature: hex('signature', 64) }),
  }),
], 'two messages one validator signed that no correct validator signs together');

export const EVIDENCE = object({
  evidence: array(
    object({
      validator: string(),
      height: integer(),
      round: integer(),
      type: enumOf(['prevote', 'precommit']),
      first: SIGNED_VOTE,
      second: SIGNED_VOTE,
    }),
  ),
});

/** GET /v1/evidence/pending. */
export const PENDING_EVIDENCE = object({
  pending: array(EVIDENCE_PIECE, { description: 'verified evidence this node holds, to be committed: from its own consensus or gossiped by a peer (spec/node.md §Evidence); it leaves when a block commits it. In offence order, at most 256' }),
});

export const PARAMS = object({
  chainId: string(),
  nativeAsset: string(),
  fees: object({ perByte: decimal(), base: record(decimal(), 'fixed part per tx kind; absent means 0') }),
});

/**
 * The node's genesis as a trust anchor (spec/provenance.md §1): its chain and its validator set, with
 * the set's hash (spec/encoding.md §8), which a provenance report's first set must be.
 */
export const GENESIS = object({
  chainId: string(),
  genesisHash: hex('SHA-256 of the canonical genesis: block 1\'s previousHash', 32),
  genesisTimeMs: integer('ms since 1970'),
  validatorsHash: hex('hash of the genesis validator set', 32),
  validators: array(object({ address: string(), publicKey: hex('Ed25519 public key', 32), power: decimal() }), { description: 'the genesis validator set, sorted by address' }),
});

/** GET /v1/validators: the validator set of one height (spec/ledger.md §10.1). */
export const VALIDATORS = object({
  height: integer('the height this set signs'),
  validatorsHash: hex('hash of the set (spec/encoding.md §8): the validatorsHash of that height\'s header', 32),
  totalPower: decimal(),
  validators: array(object({ address: string(), publicKey: hex('Ed25519 public key', 32), power: decimal() }), { description: 'sorted by address' }),
  sequence: decimal('accepted validators.update txs so far: what the next update\'s approvals sign (spec/ledger.md §10.2)'),
});

export const HEADER = object({
  version: integer('header format version (spec/chain.md §Versions)'),
  chainId: string(),
  height: integer(),
  timeMs: integer('block time, ms since 1970 (the proposer clock)'),
  previousHash: hex('hash of the previous block (the genesis hash for block 1)', 32),
  txRoot: hex('Merkle root of the tx ids', 32),
  resultsRoot: hex('Merkle root of the txs\' results: code, fee and events (spec/chain.md §1)', 32),
  stateRoot: hex('root of the state trie after this block', 32),
  proposer: string('address of the proposer'),
  seedProof: hex('the proposer\'s RFC 9381 ECVRF proof over the previous seed (spec/consensus.md §Proposer selection)', 80),
  validatorsHash: hex('hash of the validator set that signs this block', 32),
  nextValidatorsHash: hex('hash of the validator set that signs the next block (spec/chain.md §1)', 32),
  txCount: integer(),
  evidenceRoot: hex('Merkle root of the block\'s evidence bytes (spec/chain.md §6)', 32),
});

export const BLOCK = object({
  height: integer(),
  hash: hex('block hash: SHA-256 of the canonical header', 32),
  header: HEADER,
  txs: array(TX_ID, { description: 'tx ids in execution order' }),
  evidence: array(EVIDENCE_PIECE, { description: 'the block\'s evidence, in block order (spec/chain.md §6)' }),
  offenders: array(string(), { description: 'the validators this block proves to have equivocated, sorted' }),
  commit: object({ round: integer(), signatures: array(object({ validator: string(), signature: hex('precommit signature', 64) })) }),
});

/**
 * GET /v1/blocks/:height/evidence: a block's evidence with what proves, from the genesis alone, the
 * validator set of each piece's height (spec/chain.md §6.5): `src/client/evidence-document.ts`.
 */
const EVIDENCE_REPORT_BLOCK = object({
  header: HEADER,
  commit: object({ height: integer(), round: integer(), blockHash: hex('block hash', 32), signatures: array(object({ validator: string(), signature: hex('precommit signature', 64) })) }),
});
export const EVIDENCE_DOCUMENT = object({
  format: enumOf(['agora-evidence/1']),
  chainId: string(),
  evidence: array(EVIDENCE_PIECE, { description: 'the block\'s evidence, in block order' }),
  validatorSets: array(object({ hash: hex('validator set hash', 32), validators: array(object({ address: string(), publicKey: hex('Ed25519 public key', 32), power: decimal() })) }), {
    description: 'the genesis set first, then each set a hand-over block names',
  }),
  handOvers: array(EVIDENCE_REPORT_BLOCK, { description: 'for each set starting at a height s up to the last piece\'s height, block s − 1 (signed by the set before), by height' }),
  blocks: array(EVIDENCE_REPORT_BLOCK, { description: 'the block of each piece\'s height that is not a hand-over block, by height: signed by the set of that height' }),
});

/** `event: block` of GET /v1/events. */
export const BLOCK_EVENT = object({ height: integer(), hash: hex('block hash', 32), header: HEADER, txs: array(TX_ID) });
/** `event: tx` of GET /v1/events. */
export const TX_EVENT = object({ id: TX_ID, height: integer(), index: integer(), addresses: array(string()), receipt: RECEIPT });

export type StatusResponse = Static<typeof STATUS>;
export type EvidenceResponse = Static<typeof EVIDENCE>;
export type PendingEvidenceResponse = Static<typeof PENDING_EVIDENCE>;
export type ParamsResponse = Static<typeof PARAMS>;
export type GenesisResponse = Static<typeof GENESIS>;
export type ValidatorsResponse = Static<typeof VALIDATORS>;
/** A header as JSON is the chain's Header itself: numbers and hex strings only (test/wire checks they agree). */
export type HeaderJson = Static<typeof HEADER>;
export type BlockResponse = Static<typeof BLOCK>;
export type EvidenceDocumentResponse = Static<typeof EVIDENCE_DOCUMENT>;
export type BlockEventJson = Static<typeof BLOCK_EVENT>;
export type TxEventJson = Static<typeof TX_EVENT>;

// ---- routes -------------------------------------------------------------------------------------

export const CHAIN_ROUTES = {
  evidence: {
    ...PATHS.evidence,
    operationId: 'getEvidence',
    summary: 'equivocation seen by this node: two different signed votes of one validator for one height, round and type',
    tag: 'chain',
    responses: { 200: { description: 'evidence, oldest first (at most 1,000)', schema: EVIDENCE } },
  },
  pendingEvidence: {
    ...PATHS.pendingEvidence,
    operationId: 'getPendingEvidence',
    summary: 'the evidence this node holds to be committed: found by its consensus or gossiped by a peer, until a block commits it',
    tag: 'chain',
    responses: { 200: { description: 'pending evidence, in offence order (at most 256)', schema: PENDING_EVIDENCE } },
  },
  status: { ...PATHS.status, operationId: 'getStatus', summary: 'chain id, height, tip, mempool size', tag: 'chain', responses: { 200: { description: 'status', schema: STATUS } } },
  params: {
    ...PATHS.params,
    operationId: 'getParams',
    summary: 'native asset and fee schedule: fee = base[kind] + perByte × tx bytes',
    tag: 'chain',
    responses: { 200: { description: 'params', schema: PARAMS } },
  },
  genesis: {
    ...PATHS.genesis,
    operationId: 'getGenesis',
    summary: 'the chain id and genesis validator set this node runs: the trust anchor its web app verifies provenance reports against',
    tag: 'chain',
    responses: { 200: { description: 'the genesis anchor', schema: GENESIS } },
  },
  validators: {
    ...PATHS.validators,
    operationId: 'getValidators',
    summary: 'the validator set of a height (from 1 to the tip + 2; by default the set that signs the next block), with its hash and the update sequence',
    tag: 'chain',
    query: VALIDATORS_QUERY,
    responses: { 200: { description: 'the validator set', schema: VALIDATORS }, 400: BAD_REQUEST, 404: errorResponse('`not_found`: a height beyond the tip + 2') },
  },
  block: {
    ...PATHS.block,
    operationId: 'getBlock',
    summary: 'a committed block with its commit; `latest` for the tip',
    tag: 'chain',
    params: BLOCK_PARAMS,
    responses: { 200: { description: 'the block', schema: BLOCK }, 400: BAD_REQUEST, 404: errorResponse('`not_found`') },
  },
  blockEvidence: {
    ...PATHS.blockEvidence,
    operationId: 'getBlockEvidence',
    summary: 'a block\'s evidence with the validator sets and hand-over blocks that prove, from the genesis, the set of each piece\'s height: check offline with `agora evidence verify`',
    tag: 'chain',
    params: BLOCK_PARAMS,
    responses: {
      200: { description: 'the evidence document', schema: EVIDENCE_DOCUMENT },
      400: BAD_REQUEST,
      404: errorResponse('`not_found`'),
      410: errorResponse('`before_base`'),
      429: errorResponse('`too_many_reads`: THREAD_READS_MAX evidence documents are being read; try again in a moment'),
    },
  },
  events: {
    ...PATHS.events,
    operationId: 'streamEvents',
    summary: `Server-Sent Events: \`event: block\` (BlockEvent) and \`event: tx\` (TxEvent); at most ${EVENT_SUBSCRIBERS_MAX} subscribers`,
    tag: 'events',
    query: EVENTS_QUERY,
    responses: {
      200: { description: 'an endless text/event-stream; data lines hold BlockEvent or TxEvent JSON', contentType: 'text/event-stream' },
      400: errorResponse('`bad_address`'),
      429: errorResponse('`too_many_subscribers`'),
    },
  },
} satisfies { [name: string]: RouteSpec };

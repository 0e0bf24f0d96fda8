import { PATHS } from './paths.ts';
import { HEADER } from './chain.ts';
import { HISTORY_ENTRY, ITEM_PARAMS } from './records.ts';
import { errorResponse, type RouteSpec } from './route.ts';
import { array, decimal, enumOf, hex, integer, object, string, type Static } from './schema.ts';

/**
 * The provenance report of an item (spec/provenance.md) as `GET /v1/items/:id/report` serves it. The
 * SDK's reader and verifier (src/client/provenance) hold the report to more than this schema (its one
 * canonical text, its proofs); test/wire checks that their types and this schema agree.
 */

const HEX_32 = hex('32 bytes', 32);

const VALIDATOR_SET = object({
  hash: hex('SHA-256 of the set’s canonical encoding (spec/encoding.md §8): what headers name', 32),
  validators: array(object({ address: string(), publicKey: hex('Ed25519 public key', 32), power: decimal() })),
});

const REPORT_BLOCK = object({
  header: HEADER,
  commit: object({ height: integer(), round: integer(), blockHash: HEX_32, signatures: array(object({ validator: string(), signature: hex('precommit signature', 64) })) }),
});

const EVENT_PROOF = object({
  height: integer('the block holding the tx'),
  index: integer('the tx’s position in its block'),
  tx: hex('the tx’s canonical bytes'),
  txPath: array(HEX_32, { description: 'audit path of the tx id to the header’s txRoot, leaf first' }),
  result: hex('the tx’s result (spec/chain.md §1: its receipt without the message), canonical CBOR'),
  resultPath: array(HEX_32, { description: 'audit path of the result to the header’s resultsRoot' }),
});

const STATE_PROOF = object({
  key: string(),
  value: hex('the stored value, canonical CBOR'),
  path: array(HEX_32, { description: 'sibling hashes from the root down to the key’s leaf' }),
});

export const PROVENANCE_REPORT = object({
  format: enumOf(['agora-provenance/1']),
  chainId: string(),
  item: string('the item the report is about; `items[0]` is its history, the others its ancestors’'),
  validatorSets: array(VALIDATOR_SET),
  blocks: array(REPORT_BLOCK, { description: 'every block an event is in, by increasing height' }),
  items: array(object({ id: string(), events: array(object({ entry: HISTORY_ENTRY, proof: EVENT_PROOF })) })),
  state: object({ height: integer(), items: array(STATE_PROOF, { description: 'one proof of `item/<id>` per item of the report, in the order of `items`' }) }),
});

export type ProvenanceReportJson = Static<typeof PROVENANCE_REPORT>;

export const PROVENANCE_ROUTES = {
  itemReport: {
    ...PATHS.itemReport,
    operationId: 'getItemReport',
    summary:
      'the provenance report of an item (spec/provenance.md): every event of it and its ancestors with tx and result proofs, block headers, commits and the validator set, in its canonical text; verify offline with `agora verify` or the SDK',
    tag: 'records',
    params: ITEM_PARAMS,
    responses: {
      200: { description: 'the report (format agora-provenance/1)', schema: PROVENANCE_REPORT },
      400: errorResponse('`bad_item_id` or `report_too_large`'),
      404: errorResponse('`unknown_item`'),
      429: errorResponse('`too_many_reports`: REPORT_REQUESTS_MAX reports are being built; try again in a few seconds'),
    },
  },
} satisfies { [name: string]: RouteSpec };

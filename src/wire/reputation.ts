import { PATHS } from './paths.ts';
import { ADDRESS_PARAMS } from './accounts.ts';
import { HEADER } from './chain.ts';
import { errorResponse, type RouteSpec } from './route.ts';
import { array, boolean, decimal, enumOf, hex, integer, nullable, object, record, string, type Static } from './schema.ts';

/**
 * A subject's reputation (spec/reputation.md §3), its reviews (§2) and its reputation report (§4), as
 * GET /v1/accounts/:address/reputation, …/reviews and …/reputation/report serve them. The SDK's reader
 * and verifier (src/client/reputation) hold the report to more than this schema.
 */
const HEX_32 = hex('32 bytes', 32);

export const REPUTATION = object({
  address: string(),
  height: integer('the committed height the aggregates are read at'),
  aggregates: object({
    trades: decimal(),
    reviews: decimal('revealed reviews of the subject'),
    ratingSum: decimal(),
    weight: decimal('Σ native value paid in the reviewed trades'),
    weightedSum: decimal('Σ rating × weight'),
    negatives: decimal('reviews rated 2 or less'),
    disputesLost: decimal(),
    counterparties: decimal('distinct reviewers'),
  }),
  scorePpm: nullable(decimal('(weightedSum − weight) × 1 000 000 ÷ (4 × weight), rounded down; null without native weight')),
});

export const REVIEW = object(
  {
    trade: HEX_32,
    reviewer: string(),
    committedAt: integer(),
    revealed: boolean(),
    shown: boolean('both sides revealed, or no reveal can come any more: only then are the rating and the rest given'),
    rating: integer('1 to 5'),
    revealedAt: integer(),
    dimensions: record(integer()),
    textHash: HEX_32,
    text: string('the review text (UTF-8, at most 1 024 bytes), when its reveal carried it; it hashes to textHash'),
    reply: object({ textHash: HEX_32, height: integer() }),
  },
  ['rating', 'revealedAt', 'dimensions', 'textHash', 'text', 'reply'],
);

export const REVIEWS = object({ address: string(), height: integer(), reviews: array(REVIEW, { description: 'by trade id, then reviewer' }) });

const STATE_PROOF = object({ key: string(), value: hex('the stored value, canonical CBOR'), path: array(HEX_32, { description: 'sibling hashes from the root down to the key’s leaf' }) });

const REPORT_BLOCK = object({
  header: HEADER,
  commit: object({ height: integer(), round: integer(), blockHash: HEX_32, signatures: array(object({ validator: string(), signature: hex('precommit signature', 64) })) }),
});

export const REPUTATION_REPORT = object({
  format: enumOf(['agora-reputation/1']),
  chainId: string(),
  subject: string(),
  validatorSets: array(object({ hash: HEX_32, validators: array(object({ address: string(), publicKey: HEX_32, power: decimal() })) })),
  handOvers: array(REPORT_BLOCK, { description: 'the blocks that hand the validator set over from genesis to the state block’s, by height (spec/provenance.md §1.1)' }),
  block: REPORT_BLOCK,
  native: STATE_PROOF,
  aggregates: STATE_PROOF,
  reviews: array(object({ review: STATE_PROOF, trade: STATE_PROOF })),
  counters: array(STATE_PROOF),
});

export type ReputationJson = Static<typeof REPUTATION>;
export type ReviewJson = Static<typeof REVIEW>;
export type ReviewsJson = Static<typeof REVIEWS>;

export const REPUTATION_ROUTES = {
  accountReputation: {
    ...PATHS.accountReputation,
    operationId: 'getAccountReputation',
    summary: 'the reputation aggregates and score of an address (spec/reputation.md §3)',
    tag: 'market',
    params: ADDRESS_PARAMS,
    responses: { 200: { description: 'the aggregates (all 0 for an address that never traded)', schema: REPUTATION }, 400: errorResponse('`bad_address`') },
  },
  accountReviews: {
    ...PATHS.accountReviews,
    operationId: 'getAccountReviews',
    summary: 'the reviews of an address; a rating is given once the review is shown (spec/reputation.md §2)',
    tag: 'market',
    params: ADDRESS_PARAMS,
    responses: {
      200: { description: 'the reviews', schema: REVIEWS },
      400: errorResponse('`bad_address` or `report_too_large`'),
      429: errorResponse('`too_many_reads`: THREAD_READS_MAX review lists are being read; try again in a moment'),
    },
  },
  accountReputationReport: {
    ...PATHS.accountReputationReport,
    operationId: 'getAccountReputationReport',
    summary: 'the reputation report of an address (spec/reputation.md §4), in its canonical text; verify offline with `agora verify` or the SDK',
    tag: 'market',
    params: ADDRESS_PARAMS,
    responses: {
      200: { description: 'the report (format agora-reputation/1)', schema: REPUTATION_REPORT },
      400: errorResponse('`bad_address` or `report_too_large`'),
      404: errorResponse('`not_found`: the address never traded'),
      429: errorResponse('`too_many_reports`: REPORT_REQUESTS_MAX reputation reports are being built; try again in a few seconds'),
    },
  },
} satisfies { [name: string]: RouteSpec };

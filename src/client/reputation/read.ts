import { STATE_PROOF_DEPTH_MAX } from '../../chain/state-proof.ts';
import { fail, hex, list, object, readBlock, readValidatorSet, ReportShapeError, text, type Json } from '../provenance/read.ts';
import type { StateProofJson } from '../provenance/report.ts';
import { REPORT_BLOCKS_MAX, REPORT_TEXT_MAX } from '../provenance/report.ts';
import { REPUTATION_REPORT_FORMAT, REPUTATION_REPORT_REVIEWS_MAX, type ReputationReport } from './report.ts';

/** Reads a reputation report's text into typed values; throws ReportShapeError naming the place (spec/reputation.md §4). */
function readProof(value: Json, place: string): StateProofJson {
  const map = object(value, place, ['key', 'value', 'path']);
  return {
    key: text(map.key, `${place}.key`, 256),
    value: hex(map.value, `${place}.value`),
    path: list(map.path, `${place}.path`, STATE_PROOF_DEPTH_MAX).map((h, k) => hex(h, `${place}.path[${k}]`, 32)),
  };
}

export function readReputationReport(textValue: string): ReputationReport {
  if (typeof textValue !== 'string' || textValue.length > REPORT_TEXT_MAX) throw new ReportShapeError('$', `expected JSON text of at most ${REPORT_TEXT_MAX} characters`);
  let parsed: Json;
  try {
    parsed = JSON.parse(textValue);
  } catch (error) {
    throw new ReportShapeError('$', `not JSON: ${(error as Error).message}`);
  }
  const map = object(parsed, '$', ['format', 'chainId', 'subject', 'validatorSets', 'handOvers', 'block', 'native', 'aggregates', 'reviews', 'counters']);
  if (map.format !== REPUTATION_REPORT_FORMAT) fail('$.format', `"${REPUTATION_REPORT_FORMAT}"`);
  return {
    format: REPUTATION_REPORT_FORMAT,
    chainId: text(map.chainId, '$.chainId', 64),
    subject: text(map.subject, '$.subject', 90),
    validatorSets: list(map.validatorSets, '$.validatorSets', 64, 1).map((set, i) => readValidatorSet(set, `$.validatorSets[${i}]`)),
    handOvers: list(map.handOvers, '$.handOvers', REPORT_BLOCKS_MAX).map((b, i) => readBlock(b, `$.handOvers[${i}]`)),
    block: readBlock(map.block, '$.block'),
    native: readProof(map.native, '$.native'),
    aggregates: readProof(map.aggregates, '$.aggregates'),
    reviews: list(map.reviews, '$.reviews', REPUTATION_REPORT_REVIEWS_MAX).map((r, i) => {
      const entry = object(r, `$.reviews[${i}]`, ['review', 'trade']);
      return { review: readProof(entry.review, `$.reviews[${i}].review`), trade: readProof(entry.trade, `$.reviews[${i}].trade`) };
    }),
    counters: list(map.counters, '$.counters', REPUTATION_REPORT_REVIEWS_MAX).map((c, i) => readProof(c, `$.counters[${i}]`)),
  };
}

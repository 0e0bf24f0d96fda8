import { verifyReputationReport, type ReputationVerifyResult } from '../../client/reputation/verify.ts';
import { verifyEd25519Node } from '../../crypto/ed25519-node.ts';
import { CliError } from '../errors.ts';
import type { globalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { noAnchorMessage, trustWords, type Trust } from './verify.ts';

/**
 * `agora verify FILE` for a reputation report (spec/reputation.md §4): the same trust anchor and exit
 * codes as a provenance report (spec/provenance.md §1.1): 0 only when proven; `no_trust_anchor` with
 * nothing to trust; `not_proven` with the first problem's place.
 */
export function isReputationReport(text: string): boolean {
  return /^\{\s*"format":\s*"agora-reputation\/1"/.test(text.slice(0, 200));
}

export function verifyReputationFile(file: string, text: string, trust: Trust | null, options: ReturnType<typeof globalOptions>): void {
  const result = verifyReputationReport(text, { verify: verifyEd25519Node, anchor: trust?.anchor ?? null });
  printResult(options, describe(file, result, trust), { file, trust: trust === null ? null : { source: trust.source, validatorsHash: trust.anchor.validatorsHash, chainId: trust.anchor.chainId ?? null }, ...result });
  if (trust === null) throw new CliError('no_trust_anchor', noAnchorMessage(options.home));
  if (!result.ok) {
    const first = result.problems[0];
    throw new CliError('not_proven', `${result.problems.length} problem(s) in ${file}; first: ${first.place}: ${first.message}`);
  }
}

function describe(file: string, result: ReputationVerifyResult, trust: Trust | null): string {
  const lines = [`report:      ${file} (reputation)`, `chain:       ${result.chainId ?? '?'}`, `subject:     ${result.subject ?? '?'}`];
  lines.push(trust === null ? 'trusting:    nothing — no genesis in the home and no --genesis or --validators-hash' : `trusting:    ${trustWords(trust)}`);
  if (result.aggregates !== null) {
    const a = result.aggregates;
    lines.push('', trust === null ? 'what the report claims (NOT proven):' : result.ok ? `proven at block ${result.height}:` : 'what checks out:');
    lines.push(`  score:          ${result.scorePpm === null ? 'none (no value paid in the native asset)' : `${result.scorePpm} ppm`}`);
    lines.push(`  reviews:        ${a.reviews} (${a.negatives} negative) from ${a.counterparties} counterparties; ${a.trades} trades; ${a.disputesLost} disputes lost`);
    lines.push(`  weighted by:    ${a.weight} ${result.nativeAsset ?? ''} paid`);
    for (const r of result.reviews) lines.push(`  ${r.rating}/5  by ${r.reviewer} on ${r.kind} trade ${r.trade.slice(0, 16)}… (${r.amount} ${r.asset}${r.disputed ? ', disputed' : ''})`);
  }
  if (result.ok) lines.push('', 'PROVEN: every value above is in the state of a final block signed by the trusted validators, and no review of the subject is left out.');
  else lines.push('', `NOT PROVEN: ${result.problems.length} problem(s):`, ...result.problems.map((p) => `  ${p.place}: ${p.message}`));
  return lines.join('\n');
}

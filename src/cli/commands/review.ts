import { readFile, rm } from 'node:fs/promises';
import type { Command } from 'commander';
import { isAgoraError } from '../../client/errors.ts';
import { newReviewSalt, reviewCommitment, reviewTextHash } from '../../client/reviews.ts';
import { fromHex, toHex } from '../../crypto/hash.ts';
import { RECORD_NAME_PATTERN, REVIEW_DIMENSIONS_MAX, REVIEW_RATING_MAX, REVIEW_TEXT_BYTES_MAX } from '../../ledger/limits.ts';
import type { ReviewContent } from '../../ledger/market/reviews-state.ts';
import { CliError } from '../errors.ts';
import { globalOptions, type GlobalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { collect, parseInteger, printContractTx, sendContractTx } from './contracts-common.ts';
import { documentHashes } from './records-common.ts';
import { clientFor, resolveAddress } from './node-client.ts';
import { keepReview, keptFile, keptSubject, loadKeptReview, markRevealed, type KeptReview } from './review-kept.ts';
import { reviewLines } from './review-lines.ts';
import { defaultSubject, parseTrade, type TradeRef } from './review-trade.ts';

/**
 * `agora review write|commit|reveal|reply|list` (spec/reputation.md §2, spec/api.md §1). `write` (the
 * DESIGN.md form) and `commit` draw a salt, keep the review and the salt in HOME/reviews/
 * (review-kept.ts) and send only the hash; `write` finds the subject itself (the other party of the
 * order) and takes `--text TEXT`, the text itself, kept for the reveal; `commit` needs --subject and
 * takes `--text FILE`. `reveal` sends what was kept, with a kept text; `reply` answers a revealed
 * review of the signer, once; `list` reads an address's reviews. `--trade` is an order id or a trade id
 * (review-trade.ts). The node refuses out of turn with the ledger's codes (`reveal_too_early` until the
 * other side committed or could no longer, `window_closed`, …).
 */
function parseDimension(text: string): [string, number] {
  const at = text.lastIndexOf('=');
  const name = text.slice(0, at);
  if (at <= 0 || !RECORD_NAME_PATTERN.test(name)) throw new CliError('bad_usage', `--dimension "${text}": expected NAME=RATING, NAME of a-z, 0-9, '.', '-'`);
  return [name, parseInteger('--dimension rating', text.slice(at + 1), 1, REVIEW_RATING_MAX)];
}

async function fileHash(file: string | undefined): Promise<Uint8Array | undefined> {
  return (await documentHashes(file === undefined ? undefined : [file]))?.[0];
}

/** `write --text TEXT`: the text itself, at most REVIEW_TEXT_BYTES_MAX bytes so that its reveal can carry it. */
function checkedText(text: string): string {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > REVIEW_TEXT_BYTES_MAX) throw new CliError('bad_usage', `--text is ${bytes} bytes; a review text on chain is at most ${REVIEW_TEXT_BYTES_MAX}: commit a longer one's hash with --text-file FILE`);
  return text;
}

interface ReviewFlags {
  from: string;
  trade: string;
  subject?: string;
  rating: string;
  dimension: string[];
}

function reviewContent(flags: ReviewFlags): ReviewContent {
  if (flags.dimension.length > REVIEW_DIMENSIONS_MAX) throw new CliError('bad_usage', `at most ${REVIEW_DIMENSIONS_MAX} --dimension`);
  const content: ReviewContent = { rating: parseInteger('--rating', flags.rating, 1, REVIEW_RATING_MAX), salt: newReviewSalt() };
  if (flags.dimension.length > 0) content.dimensions = Object.fromEntries(flags.dimension.map(parseDimension));
  return content;
}

/** Keeps the review, then sends its commitment; a refusal forgets it again. */
async function commitReview(options: GlobalOptions, from: string, ref: TradeRef, subject: string, kept: KeptReview): Promise<void> {
  const { trade } = ref;
  const reviewer = await resolveAddress(options.home, from);
  const { chainId } = await clientFor(options).params();
  const file = keptFile(options.home, trade, reviewer, subject);
  // Kept before it is sent, so that a commitment never outlives its review; never overwritten, so
  // that a second commit (refused by the ledger anyway) cannot lose the first one's salt.
  await keepReview(options.home, file, kept);
  const commitment = reviewCommitment(chainId, fromHex(trade), reviewer, subject, kept.content);
  let result: Awaited<ReturnType<typeof sendContractTx>>['result'];
  try {
    ({ result } = await sendContractTx(options, from, 'review.commit', { trade: fromHex(trade), subject, commitment }));
  } catch (error) {
    // A refusal (a code the node or the receipt gave) never committed: forget the review. After a
    // timeout or a lost connection the commitment may still commit: keep it for the reveal.
    const unknownFate = isAgoraError(error) && ['commit_timeout', 'network_error', 'timeout', 'bad_response'].includes(error.code);
    if (!unknownFate) await rm(file, { force: true });
    throw error;
  }
  const order = ref.order === undefined ? {} : { order: ref.order };
  printContractTx(options, `committed a review of ${subject} on trade ${trade}; kept in ${file} for \`agora review reveal\``, result, { trade, ...order, subject, kept: file });
}

/**
 * The text of `file` for review.reveal, checked here as the ledger would (spec/reputation.md §2.2), so
 * that nothing is sent in vain: UTF-8 (`bad_file`), at most REVIEW_TEXT_BYTES_MAX bytes (`bad_usage`),
 * and its SHA-256 the kept review's textHash (`reveal_mismatch`: another file, or a review committed
 * without --text).
 */
async function revealedText(file: string, content: ReviewContent): Promise<string> {
  let bytes: Uint8Array;
  let text: string;
  try {
    bytes = new Uint8Array(await readFile(file));
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (error) {
    throw new CliError('bad_file', `--text ${file}: not readable as UTF-8 (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (bytes.length > REVIEW_TEXT_BYTES_MAX) throw new CliError('bad_usage', `--text ${file}: ${bytes.length} bytes; a review text on chain is at most ${REVIEW_TEXT_BYTES_MAX}`);
  return matchingText(text, content, `--text ${file}`);
}

function matchingText(text: string, content: ReviewContent, what: string): string {
  if (content.textHash === undefined) throw new CliError('reveal_mismatch', 'this review was committed without a text: its reveal cannot carry one');
  if (toHex(reviewTextHash(text)) !== toHex(content.textHash)) throw new CliError('reveal_mismatch', `${what} is not the text this review committed to (its SHA-256 differs)`);
  return text;
}

const TRADE_HELP = 'the order id (agora1…: a settled order’s trade id is its order id) or the trade id (64 hex)';

export function registerReviewCommands(program: Command): void {
  const review = program.command('review').description('review the other side of a settled trade: write (commit), then reveal (double-blind); reply to a review of you; list an address’s reviews');
  review
    .command('write')
    .description('commit a review (1-5) of the other party of a trade (of its arbiter after a dispute, with --subject); only its hash is sent, the salt and the text stay in HOME/reviews for `review reveal`')
    .requiredOption('--from <name>', 'key name of the reviewer (a party of the trade)')
    .requiredOption('--trade <id>', TRADE_HELP)
    .requiredOption('--rating <n>', `1-${REVIEW_RATING_MAX}`)
    .option('--subject <address-or-name>', 'whom the review is about (default: the other party of the order; needed for the arbiter or a trade that is no order)')
    .option('--dimension <name=rating>', `a named rating, e.g. shipping=4; repeat it, ${REVIEW_DIMENSIONS_MAX} at most`, collect, [])
    .option('--text <text>', `the review text itself (UTF-8, at most ${REVIEW_TEXT_BYTES_MAX} bytes): its hash is committed, the text goes on chain with the reveal`)
    .option('--text-file <file>', 'a file holding the review text: only its SHA-256 goes on chain (`review reveal --text FILE` may carry it later)')
    .action(async (flags: ReviewFlags & { text?: string; textFile?: string }, command: Command) => {
      const options = globalOptions(command);
      const ref = parseTrade(flags.trade);
      if (flags.text !== undefined && flags.textFile !== undefined) throw new CliError('bad_usage', '--text (the text) and --text-file (a file) exclude each other');
      const content = reviewContent(flags);
      const text = flags.text === undefined ? undefined : checkedText(flags.text);
      const textHash = text === undefined ? await fileHash(flags.textFile) : reviewTextHash(text);
      if (textHash !== undefined) content.textHash = textHash;
      const reviewer = await resolveAddress(options.home, flags.from);
      const found = flags.subject === undefined ? await defaultSubject(options, ref, reviewer) : undefined;
      const subject = found?.subject ?? (await resolveAddress(options.home, flags.subject!));
      await commitReview(options, flags.from, found === undefined ? ref : { ...ref, order: found.order }, subject, text === undefined ? { content } : { content, text });
    });
  review
    .command('commit')
    .description('commit a review (1-5) of --subject on a trade; only its hash is sent (`review write` finds the subject itself and takes the text itself)')
    .requiredOption('--from <name>', 'key name of the reviewer (a party of the trade)')
    .requiredOption('--trade <id>', TRADE_HELP)
    .requiredOption('--subject <address-or-name>', 'whom the review is about')
    .requiredOption('--rating <n>', `1-${REVIEW_RATING_MAX}`)
    .option('--dimension <name=rating>', `a named rating, e.g. shipping=4; repeat it, ${REVIEW_DIMENSIONS_MAX} at most`, collect, [])
    .option('--text <file>', 'a file holding the review text; only its SHA-256 goes on chain')
    .action(async (flags: ReviewFlags & { subject: string; text?: string }, command: Command) => {
      const options = globalOptions(command);
      const ref = parseTrade(flags.trade);
      const content = reviewContent(flags);
      const textHash = await fileHash(flags.text);
      if (textHash !== undefined) content.textHash = textHash;
      await commitReview(options, flags.from, ref, await resolveAddress(options.home, flags.subject), { content });
    });
  review
    .command('reveal')
    .description('reveal the review committed from this home (once the other side committed, or its window closed), with the text it was written with')
    .requiredOption('--from <name>', 'key name of the reviewer')
    .requiredOption('--trade <id>', TRADE_HELP)
    .option('--subject <address-or-name>', 'whom the review is about (default: the one review of this trade kept in HOME/reviews)')
    .option('--text <file>', `put the review text on chain too: the file committed with --text (UTF-8, at most ${REVIEW_TEXT_BYTES_MAX} bytes)`)
    .action(async (flags: { from: string; trade: string; subject?: string; text?: string }, command: Command) => {
      const options = globalOptions(command);
      const { trade } = parseTrade(flags.trade);
      const reviewer = await resolveAddress(options.home, flags.from);
      const subject = flags.subject === undefined ? await keptSubject(options.home, trade, reviewer) : await resolveAddress(options.home, flags.subject);
      const file = keptFile(options.home, trade, reviewer, subject);
      const kept = await loadKeptReview(file);
      const { content } = kept;
      const text = flags.text !== undefined ? await revealedText(flags.text, content) : kept.text === undefined ? undefined : matchingText(kept.text, content, 'the kept text');
      const payload = text === undefined ? { trade: fromHex(trade), subject, ...content } : { trade: fromHex(trade), subject, ...content, text };
      const { result } = await sendContractTx(options, flags.from, 'review.reveal', payload);
      await markRevealed(file);
      printContractTx(options, `revealed ${content.rating}/5 for ${subject} on trade ${trade}${text === undefined ? '' : ' with its text'}`, result, { trade, subject, rating: content.rating });
    });
  review
    .command('reply')
    .description('answer a revealed review of you, once')
    .requiredOption('--from <name>', 'key name of the review’s subject')
    .requiredOption('--trade <id>', TRADE_HELP)
    .requiredOption('--reviewer <address-or-name>', 'whose review you answer')
    .requiredOption('--text <file>', 'the reply; only its SHA-256 goes on chain')
    .action(async (flags: { from: string; trade: string; reviewer: string; text: string }, command: Command) => {
      const options = globalOptions(command);
      const { trade } = parseTrade(flags.trade);
      const reviewer = await resolveAddress(options.home, flags.reviewer);
      const textHash = (await fileHash(flags.text))!;
      const { result } = await sendContractTx(options, flags.from, 'review.reply', { trade: fromHex(trade), reviewer, textHash });
      printContractTx(options, `replied to ${reviewer} on trade ${trade}`, result, { trade, reviewer, textHash: toHex(textHash) });
    });
  review
    .command('list')
    .description('the reviews of an address or of a key in HOME/keys: each rating and text once shown (GET /v1/accounts/:address/reviews)')
    .argument('<address-or-name>', 'an agora1… address or a key name')
    .action(async (addressOrName: string, _flags: unknown, command: Command) => {
      const options = globalOptions(command);
      const address = await resolveAddress(options.home, addressOrName);
      const reviews = await clientFor(options).getReviews(address);
      const head = `${reviews.reviews.length} review(s) of ${address} at block ${reviews.height}`;
      printResult(options, [head, ...reviewLines(reviews.reviews)].join('\n'), reviews);
    });
}

import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { isAgoraError } from '../../client/errors.ts';
import { newReviewSalt, reviewCommitment, reviewTextHash } from '../../client/reviews.ts';
import { fromHex, toHex } from '../../crypto/hash.ts';
import { RECORD_NAME_PATTERN, REVIEW_DIMENSIONS_MAX, REVIEW_RATING_MAX, REVIEW_TEXT_BYTES_MAX } from '../../ledger/limits.ts';
import type { ReviewContent } from '../../ledger/market/reviews-state.ts';
import { CliError } from '../errors.ts';
import { globalOptions, type GlobalOptions } from '../options.ts';
import { collect, parseInteger, printContractTx, sendContractTx } from './contracts-common.ts';
import { documentHashes } from './records-common.ts';
import { clientFor, resolveAddress } from './node-client.ts';

/**
 * `agora review commit|reveal|reply` (spec/reputation.md §2). `commit` draws a salt, keeps the review
 * and the salt in HOME/reviews/ (mode 600: with the salt anyone could test the five ratings against
 * the commitment) and sends only the hash; `reveal` sends what was kept; `reply` answers a revealed
 * review of the signer, once. `reveal --text FILE` puts the committed text itself on chain. The node refuses out of turn with the ledger's codes (`reveal_too_early`
 * until the other side committed or could no longer, `window_closed`, …).
 */
const TRADE_ID = /^[0-9a-f]{64}$/;

function checkTrade(text: string): string {
  if (!TRADE_ID.test(text)) throw new CliError('bad_usage', '--trade is a trade id: 64 lower-case hex characters (the `trade` of a trade.recorded event)');
  return text;
}

function parseDimension(text: string): [string, number] {
  const at = text.lastIndexOf('=');
  const name = text.slice(0, at);
  if (at <= 0 || !RECORD_NAME_PATTERN.test(name)) throw new CliError('bad_usage', `--dimension "${text}": expected NAME=RATING, NAME of a-z, 0-9, '.', '-'`);
  return [name, parseInteger('--dimension rating', text.slice(at + 1), 1, REVIEW_RATING_MAX)];
}

async function textHashOf(flags: { text?: string }): Promise<Uint8Array | undefined> {
  return (await documentHashes(flags.text === undefined ? undefined : [flags.text]))?.[0];
}

const keptFile = (home: string, trade: string, reviewer: string, subject: string): string => join(home, 'reviews', `${trade}-${reviewer}-${subject}.json`);

interface Kept {
  rating: number;
  dimensions?: { [name: string]: number };
  textHash?: string;
  salt: string;
}

async function keep(options: GlobalOptions, file: string, content: ReviewContent): Promise<void> {
  const kept: Kept = { rating: content.rating, salt: toHex(content.salt) };
  if (content.dimensions !== undefined) kept.dimensions = content.dimensions;
  if (content.textHash !== undefined) kept.textHash = toHex(content.textHash);
  await mkdir(join(options.home, 'reviews'), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(kept, null, 2)}\n`, { mode: 0o600 });
}

async function kept(file: string): Promise<ReviewContent> {
  let json: Kept;
  try {
    json = JSON.parse(await readFile(file, 'utf8')) as Kept;
  } catch (error) {
    throw new CliError('bad_file', `no review kept at ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): reveal what \`agora review commit\` committed from this home`);
  }
  const content: ReviewContent = { rating: json.rating, salt: fromHex(json.salt) };
  if (json.dimensions !== undefined) content.dimensions = json.dimensions;
  if (json.textHash !== undefined) content.textHash = fromHex(json.textHash);
  return content;
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
  if (content.textHash === undefined) throw new CliError('reveal_mismatch', 'this review was committed without --text: its reveal cannot carry a text');
  if (toHex(reviewTextHash(text)) !== toHex(content.textHash)) throw new CliError('reveal_mismatch', `--text ${file} is not the text this review committed to (its SHA-256 differs)`);
  return text;
}

export function registerReviewCommands(program: Command): void {
  const review = program.command('review').description('review the other side of a settled trade: commit, then reveal (double-blind); reply to a review of you');
  review
    .command('commit')
    .description('commit a review (1-5) of the other party of a trade, or of its arbiter after a dispute; only its hash is sent')
    .requiredOption('--from <name>', 'key name of the reviewer (a party of the trade)')
    .requiredOption('--trade <id>', 'the trade id')
    .requiredOption('--subject <address-or-name>', 'whom the review is about')
    .requiredOption('--rating <n>', `1-${REVIEW_RATING_MAX}`)
    .option('--dimension <name=rating>', `a named rating, e.g. shipping=4; repeat it, ${REVIEW_DIMENSIONS_MAX} at most`, collect, [])
    .option('--text <file>', 'the review text; only its SHA-256 goes on chain')
    .action(async (flags: { from: string; trade: string; subject: string; rating: string; dimension: string[]; text?: string }, command: Command) => {
      const options = globalOptions(command);
      const trade = checkTrade(flags.trade);
      if (flags.dimension.length > REVIEW_DIMENSIONS_MAX) throw new CliError('bad_usage', `at most ${REVIEW_DIMENSIONS_MAX} --dimension`);
      const content: ReviewContent = { rating: parseInteger('--rating', flags.rating, 1, REVIEW_RATING_MAX), salt: newReviewSalt() };
      if (flags.dimension.length > 0) content.dimensions = Object.fromEntries(flags.dimension.map(parseDimension));
      const textHash = await textHashOf(flags);
      if (textHash !== undefined) content.textHash = textHash;
      const subject = await resolveAddress(options.home, flags.subject);
      const reviewer = await resolveAddress(options.home, flags.from);
      const { chainId } = await clientFor(options).params();
      const file = keptFile(options.home, trade, reviewer, subject);
      // Kept before it is sent, so that a commitment never outlives its review; never overwritten, so
      // that a second commit (refused by the ledger anyway) cannot lose the first one's salt.
      if (existsSync(file)) throw new CliError('already_reviewed', `a review of ${subject} on trade ${trade} is kept at ${file}: reveal it with \`agora review reveal\``);
      await keep(options, file, content);
      const commitment = reviewCommitment(chainId, fromHex(trade), reviewer, subject, content);
      let result: Awaited<ReturnType<typeof sendContractTx>>['result'];
      try {
        ({ result } = await sendContractTx(options, flags.from, 'review.commit', { trade: fromHex(trade), subject, commitment }));
      } catch (error) {
        // A refusal (a code the node or the receipt gave) never committed: forget the review. After a
        // timeout or a lost connection the commitment may still commit: keep it for the reveal.
        const unknownFate = isAgoraError(error) && ['commit_timeout', 'network_error', 'timeout', 'bad_response'].includes(error.code);
        if (!unknownFate) await rm(file, { force: true });
        throw error;
      }
      printContractTx(options, `committed a review of ${subject} on trade ${trade}; kept in ${file} for \`agora review reveal\``, result, { trade, subject, kept: file });
    });
  review
    .command('reveal')
    .description('reveal the review committed from this home (once the other side committed, or its window closed)')
    .requiredOption('--from <name>', 'key name of the reviewer')
    .requiredOption('--trade <id>', 'the trade id')
    .requiredOption('--subject <address-or-name>', 'whom the review is about')
    .option('--text <file>', `put the review text on chain too: the file committed with --text (UTF-8, at most ${REVIEW_TEXT_BYTES_MAX} bytes)`)
    .action(async (flags: { from: string; trade: string; subject: string; text?: string }, command: Command) => {
      const options = globalOptions(command);
      const trade = checkTrade(flags.trade);
      const subject = await resolveAddress(options.home, flags.subject);
      const reviewer = await resolveAddress(options.home, flags.from);
      const content = await kept(keptFile(options.home, trade, reviewer, subject));
      const payload = flags.text === undefined ? { trade: fromHex(trade), subject, ...content } : { trade: fromHex(trade), subject, ...content, text: await revealedText(flags.text, content) };
      const { result } = await sendContractTx(options, flags.from, 'review.reveal', payload);
      printContractTx(options, `revealed ${content.rating}/5 for ${subject} on trade ${trade}${flags.text === undefined ? '' : ' with its text'}`, result, { trade, subject, rating: content.rating });
    });
  review
    .command('reply')
    .description('answer a revealed review of you, once')
    .requiredOption('--from <name>', 'key name of the review’s subject')
    .requiredOption('--trade <id>', 'the trade id')
    .requiredOption('--reviewer <address-or-name>', 'whose review you answer')
    .requiredOption('--text <file>', 'the reply; only its SHA-256 goes on chain')
    .action(async (flags: { from: string; trade: string; reviewer: string; text: string }, command: Command) => {
      const options = globalOptions(command);
      const trade = checkTrade(flags.trade);
      const reviewer = await resolveAddress(options.home, flags.reviewer);
      const textHash = (await textHashOf(flags))!;
      const { result } = await sendContractTx(options, flags.from, 'review.reply', { trade: fromHex(trade), reviewer, textHash });
      printContractTx(options, `replied to ${reviewer} on trade ${trade}`, result, { trade, reviewer, textHash: toHex(textHash) });
    });
}

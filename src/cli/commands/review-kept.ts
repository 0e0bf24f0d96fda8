import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromHex, toHex } from '../../crypto/hash.ts';
import type { ReviewContent } from '../../ledger/market/reviews-state.ts';
import { CliError } from '../errors.ts';

/**
 * Reviews committed from a home and not yet revealed, kept in HOME/reviews/TRADE-REVIEWER-SUBJECT.json
 * (mode 600: with the salt anyone could test the five ratings against the commitment). A review
 * written with `--text TEXT` keeps the text too, so that `review reveal` puts it on chain. Once its
 * reveal committed, the file is renamed FILE.revealed (the salt is public then, in the reveal): a
 * reveal without --subject picks among the reviews still to reveal.
 */
export interface KeptReview {
  content: ReviewContent;
  /** The text whose SHA-256 is content.textHash, when the review was written with --text TEXT. */
  text?: string;
}

interface KeptJson {
  rating: number;
  dimensions?: { [name: string]: number };
  textHash?: string;
  text?: string;
  salt: string;
}

export const keptFile = (home: string, trade: string, reviewer: string, subject: string): string => join(home, 'reviews', `${trade}-${reviewer}-${subject}.json`);

/** Writes a new kept review; one already kept for the same (trade, reviewer, subject) is never overwritten. */
export async function keepReview(home: string, file: string, kept: KeptReview): Promise<void> {
  const { content } = kept;
  if (existsSync(file)) throw new CliError('already_reviewed', `a review is kept at ${file}: reveal it with \`agora review reveal\``);
  const json: KeptJson = { rating: content.rating, salt: toHex(content.salt) };
  if (content.dimensions !== undefined) json.dimensions = content.dimensions;
  if (content.textHash !== undefined) json.textHash = toHex(content.textHash);
  if (kept.text !== undefined) json.text = kept.text;
  await mkdir(join(home, 'reviews'), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
}

export async function loadKeptReview(file: string): Promise<KeptReview> {
  if (!existsSync(file) && existsSync(revealedFile(file))) throw new CliError('already_reviewed', `the review kept at ${file} is revealed already (${revealedFile(file)})`);
  let json: KeptJson;
  try {
    json = JSON.parse(await readFile(file, 'utf8')) as KeptJson;
  } catch (error) {
    throw new CliError('bad_file', `no review kept at ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): reveal what \`agora review write\` committed from this home`);
  }
  const content: ReviewContent = { rating: json.rating, salt: fromHex(json.salt) };
  if (json.dimensions !== undefined) content.dimensions = json.dimensions;
  if (json.textHash !== undefined) content.textHash = fromHex(json.textHash);
  return json.text === undefined ? { content } : { content, text: json.text };
}

const revealedFile = (file: string): string => `${file}.revealed`;

/** After its reveal committed: kept as FILE.revealed, out of the way of `keptSubject`. */
export async function markRevealed(file: string): Promise<void> {
  await rename(file, revealedFile(file));
}

/**
 * The subject of the one review kept for (trade, reviewer), for `review reveal` without --subject:
 * none kept is `no_review`, several is `bad_usage`; both name --subject.
 */
export async function keptSubject(home: string, trade: string, reviewer: string): Promise<string> {
  const prefix = `${trade}-${reviewer}-`;
  let names: string[];
  try {
    names = await readdir(join(home, 'reviews'));
  } catch {
    names = [];
  }
  const subjects = names.filter((name) => name.startsWith(prefix) && name.endsWith('.json')).map((name) => name.slice(prefix.length, -'.json'.length)).sort();
  if (subjects.length === 0 && names.some((name) => name.startsWith(prefix) && name.endsWith('.json.revealed'))) {
    throw new CliError('already_reviewed', `every review of trade ${trade} by ${reviewer} kept in ${join(home, 'reviews')} is revealed already`);
  }
  if (subjects.length === 0) throw new CliError('no_review', `no review of trade ${trade} by ${reviewer} is kept in ${join(home, 'reviews')}: commit one with \`agora review write\` from this home, or name its --subject`);
  if (subjects.length > 1) throw new CliError('bad_usage', `${subjects.length} reviews of trade ${trade} by ${reviewer} are kept (of ${subjects.join(', ')}): name one with --subject`);
  return subjects[0];
}

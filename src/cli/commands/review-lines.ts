import type { ReviewJson } from '../../wire/reputation.ts';

/**
 * A stranger's review text as one terminal line: every control or format character (escape sequences,
 * bidirectional overrides, line breaks) written as \u{…}, so that a review cannot move the cursor,
 * recolour the screen or disguise what follows it.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/** Reviews for people, as `agora review list` and `agora reputation` print them: a rating and a text only once shown. */
export function reviewLines(reviews: readonly ReviewJson[]): string[] {
  return reviews.flatMap((r) => [
    `  ${r.shown ? `${r.rating}/5` : r.revealed ? 'hidden' : 'committed'}  by ${r.reviewer} on trade ${r.trade.slice(0, 16)}…${r.reply !== undefined ? ' (replied)' : ''}`,
    ...(r.text === undefined ? [] : [`      “${terminalSafe(r.text)}”`]),
  ]);
}

import { errorBody } from './errors.ts';
import { cliIo } from './io.ts';

/** Only the --json flag matters for output; any GlobalOptions fits. */
export interface OutputOptions {
  readonly json: boolean;
}

/**
 * Prints a command's result on stdout: with --json exactly one JSON object (one line; bigints as
 * decimal strings, DESIGN.md "JSON carries amounts as decimal strings"), else the human text.
 */
export function printResult(options: OutputOptions, human: string, json: unknown): void {
  if (options.json) cliIo().writeOut(`${encodeJson(json)}\n`);
  else cliIo().writeOut(human.endsWith('\n') ? human : `${human}\n`);
}

/** Prints an error on stderr, as `error: <code>: <message>` or `{"error":{"code","message"}}`. */
export function printError(options: OutputOptions, error: unknown): void {
  const body = errorBody(error);
  if (options.json) cliIo().writeErr(`${encodeJson({ error: body })}\n`);
  else cliIo().writeErr(`error: ${body.code}: ${body.message}\n`);
}

/** JSON.stringify with bigints as decimal strings. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
}

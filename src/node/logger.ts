import { pino, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';

/** `json`: one JSON object a line, for machines. `pretty`: readable lines, for people. `auto`: pretty on a terminal. */
export type LogFormat = 'auto' | 'json' | 'pretty';

/** Where log lines go: stderr unless a test passes a stream it reads. */
export interface LogDestination {
  write(line: string): unknown;
  isTTY?: boolean;
}

export interface LoggerOptions {
  format?: LogFormat;
  destination?: LogDestination;
}

/** Keys never reach a log: these fields are censored before any format sees them. */
const REDACTED = ['secretKey', 'passphrase', 'mnemonic', '*.secretKey', '*.passphrase', '*.mnemonic'];

export function chooseLogFormat(format: LogFormat, isTTY: boolean): 'json' | 'pretty' {
  if (format !== 'auto') return format;
  return isTTY ? 'pretty' : 'json';
}

/**
 * Structured logs (pino) on stderr, so `--json` output on stdout stays clean. Level from
 * AGORA_LOG_LEVEL (default info). Keys never reach a log: KeyPair prints only its address, request
 * bodies are not logged, and the fields in REDACTED are censored.
 */
export function createLogger(name: string, options: LoggerOptions = {}): Logger {
  const level = process.env.AGORA_LOG_LEVEL ?? 'info';
  const sink = options.destination ?? pino.destination(2);
  const isTTY = options.destination === undefined ? process.stderr.isTTY === true : options.destination.isTTY === true;
  const format = chooseLogFormat(options.format ?? 'auto', isTTY);
  const stream = format === 'json' ? sink : prettyLines(sink, isTTY && process.env.NO_COLOR === undefined);
  return pino({ name, level, redact: REDACTED }, stream);
}

/**
 * pino-pretty's formatter called on each JSON line, in this thread: a line is formatted and written
 * before the logging call returns, with no worker thread or stream pipeline to drain at exit. pino
 * redacts before it serialises, so the formatter only ever sees censored values.
 */
function prettyLines(sink: LogDestination, colorize: boolean): LogDestination {
  const pretty = prettyFactory({
    colorize,
    translateTime: 'SYS:HH:MM:ss.l',
    // Every line of a node has the same pid, hostname and name; the fields left are the ones that vary.
    ignore: 'pid,hostname,name',
    singleLine: true,
  });
  return { write: (line: string) => sink.write(pretty(line)) };
}

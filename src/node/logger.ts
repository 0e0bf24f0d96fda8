import { pino, type Logger } from 'pino';

/**
 * Structured logs (pino) on stderr, so `--json` output on stdout stays clean. Level from
 * AGORA_LOG_LEVEL (default info). Keys never reach a log: KeyPair prints only its address, and
 * request bodies are not logged.
 */
export function createLogger(name: string): Logger {
  const level = process.env.AGORA_LOG_LEVEL ?? 'info';
  return pino({ name, level, redact: ['secretKey', 'passphrase', 'mnemonic', '*.secretKey', '*.passphrase', '*.mnemonic'] }, pino.destination(2));
}

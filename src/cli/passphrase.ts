import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { loadKeyPair, readKeyInfo } from '../crypto/keystore.ts';
import type { KeyPair } from '../crypto/keys.ts';
import { CliError } from './errors.ts';
import { cliIo } from './io.ts';

const PASSPHRASE_ENV = 'AGORA_PASSPHRASE';

export type PassphrasePurpose = 'unlock' | 'new';

/** The key a passphrase is for. A KeyInfo fits; for a new key only the name is known. */
export interface PassphraseTarget {
  readonly name: string;
  readonly protected?: boolean;
}

/** Where a passphrase may come from; tests pass their own. */
export interface PassphraseSource {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTty: boolean;
  /** Asks on the terminal without echoing what is typed. */
  readonly promptHidden: (question: string) => Promise<string>;
}

function processPassphraseSource(): PassphraseSource {
  return { env: cliIo().env, isTty: process.stdin.isTTY === true, promptHidden };
}

/**
 * The passphrase for `target`, in this order: '' for an unprotected key being unlocked; the
 * AGORA_PASSPHRASE variable (even when empty: `AGORA_PASSPHRASE=` makes an unprotected key); a hidden
 * prompt when stdin is a terminal (asked twice for a new key); else `passphrase_required`.
 */
export async function resolvePassphrase(
  target: PassphraseTarget,
  purpose: PassphrasePurpose,
  source: PassphraseSource = processPassphraseSource(),
): Promise<string> {
  if (purpose === 'unlock' && target.protected === false) return '';
  const fromEnv = source.env[PASSPHRASE_ENV];
  if (typeof fromEnv === 'string') return fromEnv;
  if (!source.isTty) {
    throw new CliError(
      'passphrase_required',
      `key "${target.name}" needs a passphrase and stdin is not a terminal: set ${PASSPHRASE_ENV}`,
    );
  }
  if (purpose === 'unlock') return source.promptHidden(`Passphrase for key "${target.name}": `);
  const first = await source.promptHidden(`New passphrase for key "${target.name}" (empty for none): `);
  const second = await source.promptHidden('Repeat the passphrase: ');
  if (first !== second) throw new CliError('passphrase_mismatch', 'the two passphrases differ; nothing was saved');
  return first;
}

/** The key pair NAME in HOME, asking for its passphrase as resolvePassphrase does. For `--from NAME`. */
export async function unlockKeyPair(
  home: string,
  name: string,
  source: PassphraseSource = processPassphraseSource(),
): Promise<KeyPair> {
  const info = await readKeyInfo(home, name);
  return loadKeyPair(home, name, await resolvePassphrase(info, 'unlock', source));
}

/** Reads one line from the terminal with echo off; the question goes to stderr so stdout stays clean. */
async function promptHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer | string, _encoding, callback): void {
      if (!muted) process.stderr.write(chunk);
      callback();
    },
  });
  const terminal = createInterface({ input: process.stdin, output, terminal: true });
  process.stderr.write(question);
  muted = true;
  try {
    return await new Promise<string>((resolve, reject) => {
      terminal.on('SIGINT', () => reject(new CliError('cancelled', 'passphrase entry cancelled')));
      terminal.on('close', () => reject(new CliError('cancelled', 'passphrase entry cancelled')));
      terminal.question('', resolve);
    });
  } finally {
    terminal.close();
    process.stderr.write('\n');
  }
}

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keyPairFromMnemonic } from '../../src/crypto/mnemonic.ts';
import { CliError, errorBody, type CliErrorCode } from '../../src/cli/errors.ts';
import { encodeJson } from '../../src/cli/output.ts';
import { resolvePassphrase, type PassphraseSource } from '../../src/cli/passphrase.ts';
import { runInProcess } from './node-cli.ts';

const AGORA = fileURLToPath(new URL('../../bin/agora.js', import.meta.url));
const PASSPHRASE = 'cli test passphrase 42';
const ABANDON_12 = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
/** keyPairFromMnemonic(ABANDON_12, 0), pinned in test/crypto/mnemonic.test.ts too. */
const ABANDON_12_ADDRESS = 'agora1cd3rn2cf28dmz5qfgc6cjexg68u3rytljfeej6';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `agora ...args` in this process with AGORA_PASSPHRASE set to `passphrase` (unset when null). */
function agora(args: string[], passphrase: string | null = PASSPHRASE): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.AGORA_PASSPHRASE;
  if (passphrase !== null) env.AGORA_PASSPHRASE = passphrase;
  return runInProcess([process.execPath, AGORA, ...args], env);
}

async function ok(args: string[], passphrase: string | null = PASSPHRASE): Promise<string> {
  const run = await agora(args, passphrase);
  assert.equal(run.code, 0, `agora ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

/** Runs a command expected to fail; checks exit 1, empty stdout and `error: <code>:` on stderr. */
async function fails(args: string[], code: string, passphrase: string | null = PASSPHRASE): Promise<Run> {
  const run = await agora(args, passphrase);
  assert.equal(run.code, 1, `agora ${args.join(' ')} should fail: ${run.stdout}`);
  assert.equal(run.stdout, '', 'stdout stays clean on error');
  if (args.includes('--json')) assert.equal(JSON.parse(run.stderr).error.code, code, run.stderr);
  else assert.match(run.stderr, new RegExp(`^error: ${code}: `, 'u'), run.stderr);
  return run;
}

async function withHome(run: (home: string) => Promise<void>): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), 'agora-cli-keys-'));
  try {
    await run(home);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

// Each test has its own temporary home, so they run side by side (each child is ~0.5 s of tsx start-up).
describe('agora keys (in process)', { concurrency: true }, () => {
  test('keys new, show and list agree; the mnemonic is shown once', async () => {
    await withHome(async (home) => {
      const created = await ok(['keys', 'new', 'alice', '--home', home]);
      const address = /address:\s+(agora1\S+)/u.exec(created)?.[1];
      assert.ok(address, created);
      assert.match(created, /write it down/iu);
      const mnemonic = created.trim().split('\n').at(-1)!.trim();
      assert.equal(mnemonic.split(' ').length, 24);
      assert.equal(keyPairFromMnemonic(mnemonic).address, address);

      const shown = await ok(['keys', 'show', 'alice', '--home', home]);
      assert.match(shown, new RegExp(`address:\\s+${address}`, 'u'));
      assert.match(shown, /protected:\s+yes/u);
      const listed = await ok(['keys', 'list', '--home', home]);
      assert.match(listed, new RegExp(`^alice\\s+${address}$`, 'mu'));
      for (const text of [shown, listed]) assert.ok(!text.includes(mnemonic.split(' ')[0] + ' ' + mnemonic.split(' ')[1]));
    });
  });

  test('--json outputs parse, and the global options work before or after the subcommand', async () => {
    await withHome(async (home) => {
      const created = JSON.parse(await ok(['keys', 'new', 'bob', '--json', '--home', home]));
      assert.deepEqual(Object.keys(created).sort(), ['address', 'mnemonic', 'name', 'protected', 'publicKey']);
      assert.equal(created.name, 'bob');
      assert.match(created.publicKey, /^[0-9a-f]{64}$/u);
      assert.equal(keyPairFromMnemonic(created.mnemonic).address, created.address);

      const expected = { keys: [{ name: 'bob', address: created.address, publicKey: created.publicKey, protected: true }] };
      assert.deepEqual(JSON.parse(await ok(['keys', 'list', '--json', '--home', home])), expected);
      assert.deepEqual(JSON.parse(await ok(['--home', home, '--json', 'keys', 'list'])), expected);
      assert.deepEqual(JSON.parse(await ok(['--json', 'keys', 'show', 'bob', '--home', home])), expected.keys[0]);
      assert.deepEqual(JSON.parse(await ok(['keys', 'check', 'bob', '--home', home, '--json'])), {
        name: 'bob',
        address: created.address,
        unlocked: true,
      });
    });
  });

  test('keys import of a known mnemonic gives the expected address', async () => {
    await withHome(async (home) => {
      const imported = JSON.parse(await ok(['keys', 'import', 'known', '--mnemonic', ABANDON_12, '--home', home, '--json']));
      assert.equal(imported.address, ABANDON_12_ADDRESS);
      assert.equal(imported.path, "m/44'/7777'/0'/0'/0'");
      const human = await ok(['keys', 'import', 'known1', '--account', '1', '--mnemonic', ABANDON_12, '--home', home]);
      assert.match(human, new RegExp(`address:\\s+${keyPairFromMnemonic(ABANDON_12, 1).address}`, 'u'));
      assert.match(await ok(['keys', 'check', 'known', '--home', home]), new RegExp(`^ok: .*${ABANDON_12_ADDRESS}`, 'u'));
    });
  });

  test('a wrong passphrase exits 1 with bad_passphrase and does not echo it', async () => {
    await withHome(async (home) => {
      await ok(['keys', 'new', 'alice', '--home', home]);
      const wrong = 'definitely-wrong-passphrase';
      const human = await fails(['keys', 'check', 'alice', '--home', home], 'bad_passphrase', wrong);
      const json = await fails(['keys', 'check', 'alice', '--home', home, '--json'], 'bad_passphrase', wrong);
      for (const run of [human, json]) assert.ok(!run.stderr.includes(wrong) && !run.stderr.includes(PASSPHRASE));
    });
  });

  test('refusals: duplicate name, bad name, bad mnemonic, missing key, no passphrase, bad usage', async () => {
    await withHome(async (home) => {
      await ok(['keys', 'new', 'alice', '--home', home]);
      await fails(['keys', 'new', 'alice', '--home', home], 'key_exists');
      await fails(['keys', 'import', 'alice', '--mnemonic', ABANDON_12, '--home', home, '--json'], 'key_exists');
      await fails(['keys', 'new', '../escape', '--home', home], 'bad_key_name');
      await fails(['keys', 'new', 'x'.repeat(65), '--home', home, '--json'], 'bad_key_name');
      await fails(['keys', 'show', 'a.b', '--home', home], 'bad_key_name');
      const badWords = 'zoo zebra abandon ability able about above absent absorb abstract absurd abuse';
      const bad = await fails(['keys', 'import', 'z', '--mnemonic', badWords, '--home', home], 'bad_mnemonic');
      assert.ok(!bad.stderr.includes('zebra'));
      await fails(['keys', 'show', 'ghost', '--home', home], 'key_not_found');
      await fails(['keys', 'new', 'carol', '--home', home], 'passphrase_required', null);
      await fails(['keys', 'check', 'alice', '--home', home, '--json'], 'passphrase_required', null);
      await fails(['keys', 'bogus', '--home', home], 'bad_usage');
      await fails(['keys', 'import', 'nomnemonic', '--home', home], 'bad_usage');
      await fails(['keys', 'list', '--home', home, '--node', 'ftp://x'], 'bad_node_url');
      const listed = JSON.parse(await ok(['keys', 'list', '--home', home, '--json']));
      assert.deepEqual(listed.keys.map((key: { name: string }) => key.name), ['alice']);
    });
  });

  test('an empty AGORA_PASSPHRASE makes an unprotected key that unlocks without one', async () => {
    await withHome(async (home) => {
      const created = JSON.parse(await ok(['keys', 'new', 'dev', '--home', home, '--json'], ''));
      assert.equal(created.protected, false);
      assert.match(await ok(['keys', 'show', 'dev', '--home', home], null), /protected:\s+no/u);
      assert.match(await ok(['keys', 'list', '--home', home], null), /^dev\s+agora1\S+\s+\(no passphrase\)$/mu);
      assert.equal(JSON.parse(await ok(['keys', 'check', 'dev', '--home', home, '--json'], null)).unlocked, true);
    });
  });

  test('help and version exit 0 on stdout', async () => {
    const help = await agora(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--home <dir>/u);
    const version = await agora(['--version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+/u);
  });
});

// resolvePassphrase, in process, with a scripted terminal.
function source(env: Record<string, string>, isTty: boolean, answers: string[] = []): PassphraseSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    env,
    isTty,
    asked,
    promptHidden: async (question: string) => {
      asked.push(question);
      const answer = answers.shift();
      if (answer === undefined) throw new Error('unexpected prompt');
      return answer;
    },
  };
}

test('resolvePassphrase: order of sources', async () => {
  const unprotected = { name: 'dev', protected: false };
  const locked = { name: 'alice', protected: true };
  assert.equal(await resolvePassphrase(unprotected, 'unlock', source({ AGORA_PASSPHRASE: 'x' }, true)), '');
  assert.equal(await resolvePassphrase(locked, 'unlock', source({ AGORA_PASSPHRASE: 'from env' }, true)), 'from env');
  assert.equal(await resolvePassphrase({ name: 'n' }, 'new', source({ AGORA_PASSPHRASE: '' }, false)), '');

  const terminal = source({}, true, ['typed']);
  assert.equal(await resolvePassphrase(locked, 'unlock', terminal), 'typed');
  assert.equal(terminal.asked.length, 1);

  const twice = source({}, true, ['same', 'same']);
  assert.equal(await resolvePassphrase({ name: 'n' }, 'new', twice), 'same');
  assert.equal(twice.asked.length, 2);

  await assert.rejects(resolvePassphrase({ name: 'n' }, 'new', source({}, true, ['one', 'two'])), (error: unknown) => {
    return error instanceof CliError && error.code === 'passphrase_mismatch' && !error.message.includes('one');
  });
  await assert.rejects(resolvePassphrase(locked, 'unlock', source({}, false)), (error: unknown) => {
    return error instanceof CliError && error.code === 'passphrase_required' && error.message.includes('AGORA_PASSPHRASE');
  });
});

test('JSON output: bigints as decimal strings; error bodies keep codes', () => {
  assert.equal(encodeJson({ amount: 2n ** 128n - 1n, nested: [1n] }), '{"amount":"340282366920938463463374607431768211455","nested":["1"]}');
  assert.deepEqual(errorBody(new CliError('bad_thing' as CliErrorCode, 'what to do')), { code: 'bad_thing', message: 'what to do' });
  assert.deepEqual(errorBody(new Error('plain')), { code: 'internal', message: 'plain' });
});

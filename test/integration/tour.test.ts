import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The README's tour, end to end: `npm start` (with --home and --api so the test owns its directory and
 * port) serves a chain whose height rises; the real CLI makes a key, sends value from `dev`, and
 * `agora account` shows it; an asset is created, minted and shown.
 */
const run = promisify(execFile);
const AGORA = join(import.meta.dirname, '..', '..', 'bin', 'agora.js');
const PORT = 18_900 + Math.floor(Math.random() * 100);

async function agora(home: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [AGORA, ...args, '--home', home, '--node', `http://127.0.0.1:${PORT}`], { timeout: 60_000, env: { ...process.env, AGORA_PASSPHRASE: 'correct horse battery staple' } });
}

async function agoraJson<T>(home: string, ...args: string[]): Promise<T> {
  return JSON.parse((await agora(home, ...args, '--json')).stdout) as T;
}

async function height(): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${PORT}/v1/status`);
  return ((await response.json()) as { height: number }).height;
}

test('npm start serves a rising chain, and the CLI sends value and creates an asset', { timeout: 180_000 }, async () => {
  const home = mkdtempSync(join(tmpdir(), 'agora-tour-'));
  const child = spawn('npm', ['start', '--', '--home', home, '--api', `127.0.0.1:${PORT}`, '--idle-block-time', '300'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, AGORA_LOG_LEVEL: 'warn' }, detached: true });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const deadline = Date.now() + 60_000;
    let first = -1;
    while (first < 0) {
      assert.ok(Date.now() < deadline, `npm start did not serve the API: ${stderr}`);
      first = await height().catch(() => -1);
      if (first < 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    while ((await height()) <= first) {
      assert.ok(Date.now() < deadline, 'the height did not rise');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const alice = await agoraJson<{ address: string }>(home, 'keys', 'new', 'alice');
    assert.match(alice.address, /^agora1/);
    const sent = await agoraJson<{ id: string; height: number }>(home, 'send', '--from', 'dev', '--to', alice.address, '--amount', '5');
    assert.match(sent.id, /^[0-9a-f]{64}$/);
    assert.ok(sent.height > 0);
    const account = await agoraJson<{ balances: { asset: string; amount: string }[] }>(home, 'account', 'alice');
    assert.deepEqual(account.balances, [{ asset: 'AGR', amount: '5000000' }]);

    await agoraJson(home, 'asset', 'create', '--from', 'dev', '--symbol', 'GOLD', '--name', 'Gold points', '--decimals', '2', '--supply', '10', '--max-supply', '50', '--mintable');
    await agoraJson(home, 'asset', 'mint', '--from', 'dev', '--asset', 'GOLD', '--amount', '5', '--to', alice.address);
    const gold = await agoraJson<{ supply: string }>(home, 'asset', 'show', 'GOLD');
    assert.equal(gold.supply, '1500');
    await agoraJson(home, 'send', '--from', 'alice', '--to', 'dev', '--amount', '1', '--asset', 'GOLD');
    const after = await agoraJson<{ balances: { asset: string; amount: string }[] }>(home, 'account', 'alice');
    assert.deepEqual(after.balances, [{ asset: 'AGR', amount: '5000000' }, { asset: 'GOLD', amount: '400' }]);

    // A failing send exits non-zero with the node's code on stderr and changes nothing.
    await assert.rejects(agora(home, 'send', '--from', 'alice', '--to', 'dev', '--amount', '999999999', '--asset', 'GOLD'), (error: { stderr: string; code: number }) => error.code !== 0 && /insufficient_balance/.test(error.stderr));
    const unchanged = await agoraJson<{ balances: { asset: string; amount: string }[] }>(home, 'account', 'alice');
    assert.deepEqual(unchanged.balances, after.balances);
  } finally {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    rmSync(home, { recursive: true, force: true });
  }
});

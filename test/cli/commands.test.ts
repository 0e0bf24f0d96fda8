import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startTestNode, type TestNode } from '../api/helpers.ts';

const AGORA = fileURLToPath(new URL('../../bin/agora.js', import.meta.url));
const CHILD_TIMEOUT_MS = 60_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The real `agora` command (child processes, each bounded by CHILD_TIMEOUT_MS) against a node running
 * in this process; the node's home holds the funded `dev` key and the keys the test makes.
 */
describe('agora status/account/tx/block/send/asset (child processes, a node in-process)', () => {
  let t: TestNode;
  let bob = '';

  function agora(args: string[], passphrase: string | null = ''): Promise<Run> {
    const env: NodeJS.ProcessEnv = { ...process.env, AGORA_LOG_LEVEL: 'warn' };
    delete env.AGORA_PASSPHRASE;
    if (passphrase !== null) env.AGORA_PASSPHRASE = passphrase;
    const full = [AGORA, ...args, '--home', t.home, ...(args.includes('--node') ? [] : ['--node', t.url])];
    return new Promise((resolve, reject) => {
      const child = execFile(process.execPath, full, { env, timeout: CHILD_TIMEOUT_MS, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`agora ${args.join(' ')} did not finish: ${error.message}\n${stderr}`));
          return;
        }
        resolve({ code: child.exitCode, stdout, stderr });
      });
      child.stdin?.end();
    });
  }

  async function ok(args: string[], passphrase: string | null = ''): Promise<string> {
    const run = await agora(args, passphrase);
    assert.equal(run.code, 0, `agora ${args.join(' ')} failed: ${run.stderr}`);
    return run.stdout;
  }

  async function okJson<T>(args: string[], passphrase: string | null = ''): Promise<T> {
    const stdout = await ok([...args, '--json'], passphrase);
    assert.equal(stdout.trim().split('\n').length, 1, 'one JSON line');
    return JSON.parse(stdout) as T;
  }

  /** A command expected to fail: exit 1, empty stdout, the code on stderr (as JSON with --json). */
  async function fails(args: string[], code: string, passphrase: string | null = ''): Promise<string> {
    const run = await agora(args, passphrase);
    assert.equal(run.code, 1, `agora ${args.join(' ')} should fail: ${run.stdout}`);
    assert.equal(run.stdout, '');
    if (args.includes('--json')) assert.equal(JSON.parse(run.stderr).error.code, code, run.stderr);
    else assert.match(run.stderr, new RegExp(`^error: ${code}: `), run.stderr);
    return run.stderr;
  }

  async function balances(nameOrAddress: string): Promise<{ asset: string; amount: string }[]> {
    return (await okJson<{ balances: { asset: string; amount: string }[] }>(['account', nameOrAddress])).balances;
  }

  before(async () => {
    t = await startTestNode();
    bob = (await okJson<{ address: string }>(['keys', 'new', 'bob'])).address;
  });
  after(async () => t.stop());

  test('status, human and --json', async () => {
    const status = await okJson<{ chainId: string; height: number; validator: string; version: string }>(['status']);
    assert.equal(status.chainId, 'agora-dev');
    assert.ok(status.height >= 0);
    assert.equal(status.validator, t.validator);
    const human = await ok(['status']);
    assert.match(human, /^chain:\s+agora-dev$/m);
    assert.match(human, /^height:\s+\d+$/m);
  });

  test('send from dev to a key name, then account shows the balance; tx and block show the tx', async () => {
    const sent = await okJson<{ id: string; height: number; index: number; code: string }>(['send', '--from', 'dev', '--to', 'bob', '--amount', '1000base']);
    assert.deepEqual(Object.keys(sent).sort(), ['code', 'height', 'id', 'index']);
    assert.match(sent.id, /^[0-9a-f]{64}$/);
    assert.ok(sent.height >= 1);
    assert.equal(sent.code, 'ok');
    assert.deepEqual(await balances('bob'), [{ asset: 'AGR', amount: '1000' }]);
    assert.deepEqual(await balances(bob), [{ asset: 'AGR', amount: '1000' }], 'by address too');
    assert.match(await ok(['account', bob]), /^ {2}0\.001 AGR$/m, 'balances carry their decimals and unit');

    const tx = await okJson<{ id: string; status: string; height: number; tx: { kind: string; signers: { address: string }[] } }>(['tx', sent.id]);
    assert.equal(tx.status, 'committed');
    assert.equal(tx.height, sent.height);
    assert.equal(tx.tx.kind, 'transfer');
    assert.equal(tx.tx.signers[0].address, t.dev.address);
    assert.match(await ok(['tx', sent.id]), /^result:\s+ok$/m);

    const block = await okJson<{ height: number; txs: string[] }>(['block', String(sent.height)]);
    assert.ok(block.txs.includes(sent.id));
    const latest = await okJson<{ height: number }>(['block', 'latest']);
    assert.ok(latest.height >= sent.height);
    assert.match(await ok(['block', String(sent.height)]), new RegExp(`^ {2}${sent.id}$`, 'm'));
  });

  test('send of a bare 5 moves 5 AGR (5,000,000 base units); the human output says so with the unit and names the tx', async () => {
    const before = BigInt((await balances('bob'))[0].amount);
    const human = await ok(['send', '--from', 'dev', '--to', bob, '--amount', '5']);
    assert.match(human, new RegExp(`^sent 5 AGR from ${t.dev.address} to ${bob}$`, 'm'));
    assert.match(human, /^tx [0-9a-f]{64} committed at height \d+ \(index \d+\)$/m);
    assert.equal(BigInt((await balances('bob'))[0].amount) - before, 5_000_000n);
  });

  test('asset create, mint (decimal amount), burn, show; send of the asset', async () => {
    const created = await okJson<{ code: string }>(['asset', 'create', '--from', 'dev', '--symbol', 'GOLD', '--name', 'Gold', '--decimals', '2', '--supply', '1000base', '--max-supply', '5000base', '--mintable']);
    assert.equal(created.code, 'ok');
    await okJson(['asset', 'mint', '--from', 'dev', '--asset', 'GOLD', '--amount', '2.5', '--to', 'bob']);
    await okJson(['asset', 'burn', '--from', 'bob', '--asset', 'GOLD', '--amount', '50base']);
    const gold = await okJson<{ symbol: string; supply: string; maxSupply: string; mintable: boolean; mintAuthority: string; decimals: number }>(['asset', 'show', 'GOLD']);
    assert.deepEqual(
      { symbol: gold.symbol, supply: gold.supply, maxSupply: gold.maxSupply, mintable: gold.mintable, mintAuthority: gold.mintAuthority, decimals: gold.decimals },
      { symbol: 'GOLD', supply: '1200', maxSupply: '5000', mintable: true, mintAuthority: t.dev.address, decimals: 2 },
    );
    assert.match(await ok(['asset', 'show', 'GOLD']), /^supply:\s+12 GOLD$/m);
    await okJson(['send', '--from', 'bob', '--to', 'dev', '--asset', 'GOLD', '--amount', '1.5']);
    assert.deepEqual(await balances('bob'), [{ asset: 'AGR', amount: '5001000' }, { asset: 'GOLD', amount: '50' }]);

    const fixed = await okJson<{ code: string }>(['asset', 'create', '--from', 'dev', '--symbol', 'PTS', '--name', 'Points', '--supply', '10']);
    assert.equal(fixed.code, 'ok');
    const points = await okJson<{ mintable: boolean; mintAuthority: null; decimals: number }>(['asset', 'show', 'PTS']);
    assert.deepEqual([points.mintable, points.mintAuthority, points.decimals], [false, null, 0]);
    await fails(['asset', 'mint', '--from', 'dev', '--asset', 'PTS', '--amount', '1'], 'not_mintable');
  });

  test('a failing send exits 1 with the node code on stderr and changes nothing', async () => {
    const before = await balances('bob');
    // Refused commands change nothing, so they run side by side.
    const [stderr] = await Promise.all([
      fails(['send', '--from', 'bob', '--to', 'dev', '--amount', '999999'], 'insufficient_balance'),
      fails(['send', '--from', 'bob', '--to', 'dev', '--amount', '999999', '--json'], 'insufficient_balance'),
      fails(['send', '--from', 'bob', '--to', 'dev', '--amount', '1', '--asset', 'NOPE'], 'unknown_asset'),
      fails(['asset', 'mint', '--from', 'bob', '--asset', 'GOLD', '--amount', '1'], 'not_mint_authority'),
      fails(['asset', 'mint', '--from', 'dev', '--asset', 'GOLD', '--amount', '5000'], 'max_supply_exceeded'),
    ]);
    assert.match(stderr, /balance of AGR/);
    assert.deepEqual(await balances('bob'), before);
  });

  test('bad arguments fail before anything is sent', async () => {
    await Promise.all([
      fails(['send', '--from', 'dev', '--to', 'nobody', '--amount', '1'], 'bad_address'),
      fails(['send', '--from', 'nokey', '--to', 'bob', '--amount', '1'], 'key_not_found'),
      fails(['send', '--from', 'dev', '--to', 'bob'], 'bad_usage'),
      fails(['tx', '00'.repeat(32), '--json'], 'not_found'),
      fails(['block', '-3'], 'bad_height'),
      fails(['asset', 'show', 'NOPE'], 'not_found'),
      fails(['asset', 'create', '--from', 'dev', '--symbol', 'DEC', '--name', 'x', '--decimals', '40'], 'bad_usage'),
    ]);
  });

  test('a protected key needs its passphrase', async () => {
    const carol = await okJson<{ address: string }>(['keys', 'new', 'carol'], 'carol passphrase');
    await okJson(['send', '--from', 'dev', '--to', 'carol', '--amount', '10']);
    await fails(['send', '--from', 'carol', '--to', 'dev', '--amount', '1'], 'passphrase_required', null);
    await fails(['send', '--from', 'carol', '--to', 'dev', '--amount', '1'], 'bad_passphrase', 'wrong');
    await okJson(['send', '--from', 'carol', '--to', 'dev', '--amount', '1'], 'carol passphrase');
    assert.deepEqual(await balances(carol.address), [{ asset: 'AGR', amount: '9000000' }]);
  });

  test('an unreachable node is network_error', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    await fails(['status', '--node', `http://127.0.0.1:${port}`], 'network_error');
    await fails(['status', '--json', '--node', `http://127.0.0.1:${port}`], 'network_error');
  });
});

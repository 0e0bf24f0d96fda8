// What the CLI says to a newcomer (issue 17, items 3 and 6): where the node is (--node, else
// AGORA_NODE, else the home's API address), a mistyped flag named with the nearest one, an unknown
// command refused, a mistyped id or address told apart from a wrong one by its checksum.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bech32m } from '@scure/base';
import { startTestNode, type TestNode } from '../api/helpers.ts';
import { runInProcess, type Run } from './node-cli.ts';

const AGORA = 'agora';

describe('agora finds its node and names mistakes (in process)', () => {
  let t: TestNode;
  const dir = mkdtempSync(join(tmpdir(), 'agora-messages-'));
  const bareHome = join(dir, 'bare');

  function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
    return runInProcess([process.execPath, AGORA, ...args], { AGORA_PASSPHRASE: '', ...env });
  }

  before(async () => {
    t = await startTestNode();
  });
  after(async () => {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('AGORA_NODE is used when --node is not given; --node wins over it', async () => {
    const viaEnv = await run(['status', '--home', bareHome, '--json'], { AGORA_NODE: t.url });
    assert.equal(viaEnv.code, 0, viaEnv.stderr);
    assert.equal((JSON.parse(viaEnv.stdout) as { chainId: string }).chainId, t.chainId);

    const flagWins = await run(['status', '--home', bareHome, '--node', t.url, '--json'], { AGORA_NODE: 'http://127.0.0.1:1' });
    assert.equal(flagWins.code, 0, flagWins.stderr);

    const unreachable = await run(['status', '--home', bareHome, '--json'], { AGORA_NODE: 'http://127.0.0.1:1' });
    assert.equal(unreachable.code, 1, 'AGORA_NODE was used, not the default');
    const bad = await run(['status', '--home', bareHome], { AGORA_NODE: 'ftp://x' });
    assert.match(bad.stderr, /^error: bad_node_url: AGORA_NODE must be an http:\/\/ or https:\/\/ URL, got "ftp:\/\/x"$/mu);
  });

  test("without --node or AGORA_NODE, the home's API address is used", async () => {
    const home = join(dir, 'configured');
    rmSync(home, { recursive: true, force: true });
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'config.json'), JSON.stringify({ api: new URL(t.url).host }));
    const viaHome = await run(['status', '--home', home, '--json'], { AGORA_NODE: '' });
    assert.equal(viaHome.code, 0, viaHome.stderr);
    assert.equal((JSON.parse(viaHome.stdout) as { chainId: string }).chainId, t.chainId);
  });

  test('a mistyped flag is named with the nearest correct one, before any missing flag', async () => {
    const typo = await run(['send', '--form', 'dev', '--to', 'bob', '--amount', '5', '--home', bareHome, '--node', t.url]);
    assert.equal(typo.code, 1);
    assert.equal(typo.stdout, '');
    assert.match(typo.stderr, /^error: bad_usage: unknown option '--form' \(Did you mean --from\?\) \(see --help\)$/mu);
    const withValue = await run(['send', '--from', 'dev', '--to', 'bob', '--amount', '5', '--assett=GOLD', '--node', t.url]);
    assert.match(withValue.stderr, /unknown option '--assett' \(Did you mean --asset\?\)/u);
  });

  test('an unknown command is refused with exit 1 and the nearest command, not the root help', async () => {
    const unknown = await run(['markte']);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stdout, '');
    assert.match(unknown.stderr, /^error: bad_usage: unknown command 'markte'/u);
    const near = await run(['statu']);
    assert.match(near.stderr, /unknown command 'statu' \(Did you mean status\?\)/u);
  });

  test('an item id or address with a wrong checksum says "checksum"', async () => {
    const good = bech32m.encode('item', bech32m.toWords(new Uint8Array(32).fill(7)));
    const mistyped = `${good.slice(0, 20)}${good[20] === 'q' ? 'p' : 'q'}${good.slice(21)}`;
    const item = await run(['item', 'show', mistyped, '--node', t.url]);
    assert.equal(item.code, 1);
    assert.match(item.stderr, /^error: bad_item_id: item id ".+" is not an item id \(item1… of 63 lower-case characters\): the checksum does not match: a character is mistyped$/mu);
    const short = await run(['item', 'show', good.slice(0, 40), '--node', t.url]);
    assert.match(short.stderr, /it is 40 characters long; it must be 63$/mu);

    const address = t.dev.address;
    const typoAddress = `${address.slice(0, 10)}${address[10] === 'q' ? 'p' : 'q'}${address.slice(11)}`;
    const send = await run(['send', '--from', 'dev', '--to', typoAddress, '--amount', '1', '--home', t.home, '--node', t.url]);
    assert.match(send.stderr, /^error: bad_address: ".+" is not an agora1… address: the checksum does not match: a character is mistyped$/mu);
  });
});

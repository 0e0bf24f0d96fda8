/**
 * The explorer shows a block's evidence (spec/api.md GET /v1/blocks/:height; issue 12, "Evidence
 * that counts"): a real node whose genesis holds a second validator of little power, that
 * validator's double vote handed to the node's evidence pool, and the block page of the block that
 * commits it, in Chromium: the offender, the kind, the two blocks it voted for, the evidence root.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { duplicateVoteEvidence } from '../../src/chain/evidence.ts';
import { voteSignBytes } from '../../src/chain/votes.ts';
import { sha256Hex, toHex, utf8 } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { startTestNode, type TestNode } from '../api/helpers.ts';
import { browserSkipReason, buildWebApp, launchBrowser, type Browser } from './browser.ts';

const skip = browserSkipReason();
if (skip !== undefined) console.log(`# ${skip}`);

const offender = KeyPair.generate();

describe('a block\'s evidence in the explorer', { skip, timeout: 180_000 }, () => {
  let t: TestNode;
  let web: Browser;
  let webDir: string;

  before(async () => {
    webDir = await buildWebApp();
    process.env.AGORA_WEB_DIR = webDir;
    t = await startTestNode({
      editGenesis: (genesis) => ({
        ...genesis,
        validators: [...genesis.validators.map((v) => ({ ...v, power: '100' })), { address: offender.address, publicKey: toHex(offender.publicKey), power: '1' }],
      }),
    });
    web = await launchBrowser();
  });

  after(async () => {
    await web?.close();
    await t?.stop();
    if (webDir !== undefined) await rm(webDir, { recursive: true, force: true });
  });

  test('the block page lists the evidence and names the offender', async () => {
    while (t.node.chain.height < 1) await new Promise((resolve) => setTimeout(resolve, 50));
    const blockA = sha256Hex(utf8('A'));
    const vote = (blockHash: string | null) => ({ type: 'prevote' as const, height: 1, round: 0, blockHash, validator: offender.address, signature: offender.sign(voteSignBytes(t.chainId, { type: 'prevote', height: 1, round: 0, blockHash })) });
    assert.ok(t.node.shell.evidence.add(duplicateVoteEvidence(t.chainId, vote(blockA), vote(null))) !== null);
    let height = 0;
    for (let h = t.node.chain.height + 1; height === 0 && h < 40; h++) {
      while (t.node.chain.height < h) await new Promise((resolve) => setTimeout(resolve, 50));
      if ((await t.client.block(h)).evidence.length > 0) height = h;
    }
    assert.ok(height > 0, 'evidence committed');
    const { page } = web;
    await page.goto(`${t.url}/block/${height}`);
    const table = page.getByTestId('block-evidence');
    await table.waitFor();
    const row = table.locator('tbody tr');
    assert.equal(await row.count(), 1);
    const text = (await row.textContent()) ?? '';
    assert.match(text, /double prevote/);
    assert.match(text, new RegExp(blockA));
    assert.match(text, /nil/);
    assert.match((await page.getByTestId('offenders').textContent()) ?? '', /Proven to equivocate/);
    assert.equal(await page.getByTestId('offenders').locator(`a[href="/account/${offender.address}"]`).count(), 1);
    await web.screenshot('block-evidence');
    assert.deepEqual(web.errors, []);
  });
});

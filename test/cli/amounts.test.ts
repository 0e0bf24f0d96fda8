// Amounts on the command line (spec/api.md §CLI amounts): a bare or decimal number is whole units of
// its asset, base units only with the suffix `base`; every amount printed for people carries its
// decimals and unit, while --json keeps base-unit strings (issue 17, item 2).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AMOUNT_MAX } from '../../src/ledger/limits.ts';
import { amountWithUnit, checkAmountText, parseAmountText } from '../../src/cli/amounts.ts';
import type { AccountResponse, StreamContractJson } from '../../src/client/types.ts';
import { eventually, startTestNode, type TestNode } from '../api/helpers.ts';
import { nodeCli } from './node-cli.ts';

describe('the amount grammar', () => {
  const cases: [string, number, bigint][] = [
    ['5', 6, 5_000_000n],
    ['12.5', 6, 12_500_000n],
    ['0.000001', 6, 1n],
    ['5000000base', 6, 5_000_000n],
    ['7', 0, 7n],
    ['7base', 0, 7n],
    [AMOUNT_MAX.toString() + 'base', 6, AMOUNT_MAX],
  ];
  for (const [text, decimals, expected] of cases) {
    test(`"${text}" at ${decimals} decimals is ${expected} base units`, () => {
      assert.equal(parseAmountText('--amount', text, decimals, 'AGR'), expected);
    });
  }

  test('refusals name the flag and say what is wrong', () => {
    const refused = (text: string, decimals: number, message: RegExp): void => {
      assert.throws(() => parseAmountText('--amount', text, decimals, 'AGR'), (error: { code: string; message: string }) => error.code === 'bad_amount' && message.test(error.message));
    };
    refused('ten', 6, /^--amount "ten" is not an amount: a number of whole units \(5, 12\.5\) or of base units with the suffix "base"/u);
    refused('1.5base', 6, /is not an amount/u);
    refused('-1', 6, /is not an amount/u);
    refused('1.2345678', 6, /^--amount "1\.2345678" has 7 decimals; AGR has 6$/u);
    refused('1.5', 0, /AGR has 0 \(whole units only\)/u);
    // Over the limit, not "not an amount": 79 digits, 40 digits, and one base unit above 2^128 - 1.
    refused('9'.repeat(79), 6, /is over the limit: an amount is at most 2\^128 − 1 base units$/u);
    refused('1' + '0'.repeat(39), 6, /is over the limit: an amount is at most 340282366920938463463374607431768\.211455 AGR, 2\^128 − 1 base units$/u);
    refused(`${AMOUNT_MAX + 1n}base`, 6, /is over the limit/u);
    // A long text is clipped in the message.
    assert.throws(() => checkAmountText('--amount', '9'.repeat(500)), (error: Error) => error.message.length < 200 && /500 characters/u.test(error.message));
  });

  test('printed amounts carry their decimals and unit', () => {
    assert.equal(amountWithUnit(12_500_000n, 6, 'AGR'), '12.5 AGR');
    assert.equal(amountWithUnit('1', 6, 'AGR'), '0.000001 AGR');
    assert.equal(amountWithUnit(50n, 0, 'PTS'), '50 PTS');
  });
});

describe('amounts through the CLI (in process, against a node)', () => {
  let t: TestNode;
  const { ok, okJson, fails } = nodeCli(() => t);
  const address: { [name: string]: string } = {};

  async function balance(name: string, asset = 'AGR'): Promise<bigint> {
    const account = await okJson<AccountResponse>(['account', name]);
    return BigInt(account.balances.find((entry) => entry.asset === asset)?.amount ?? '0');
  }

  before(async () => {
    t = await startTestNode();
    address.bob = (await okJson<{ address: string }>(['keys', 'new', 'bob'])).address;
  });
  after(async () => t.stop());

  test('send of 5 moves 5 AGR; 5base moves 5 base units; --json keeps base-unit strings', async () => {
    const human = await ok(['send', '--from', 'dev', '--to', 'bob', '--amount', '5']);
    assert.match(human, new RegExp(`^sent 5 AGR from ${t.dev.address} to ${address.bob}$`, 'm'));
    assert.equal(await balance('bob'), 5_000_000n);
    await okJson(['send', '--from', 'dev', '--to', 'bob', '--amount', '5base']);
    assert.equal(await balance('bob'), 5_000_005n);
    const account = await okJson<AccountResponse>(['account', 'bob']);
    assert.deepEqual(account.balances, [{ asset: 'AGR', amount: '5000005' }]);
    assert.match(await ok(['account', 'bob']), /^ {2}5\.000005 AGR$/m);
  });

  test('an asset of 2 decimals: create, mint, burn, show and send print its amounts with its symbol', async () => {
    assert.match(await ok(['asset', 'create', '--from', 'dev', '--symbol', 'GOLD', '--name', 'Gold', '--decimals', '2', '--supply', '10', '--mintable']), /initial supply 10 GOLD, mintable by/u);
    assert.match(await ok(['asset', 'mint', '--from', 'dev', '--asset', 'GOLD', '--amount', '2.5', '--to', 'bob']), /^minted 2\.5 GOLD to agora1/mu);
    assert.match(await ok(['asset', 'burn', '--from', 'bob', '--asset', 'GOLD', '--amount', '50base']), /^burned 0\.5 GOLD from agora1/mu);
    const shown = await ok(['asset', 'show', 'GOLD']);
    assert.match(shown, /^supply:\s+12 GOLD$/mu);
    assert.equal((await okJson<{ supply: string }>(['asset', 'show', 'GOLD'])).supply, '1200');
    assert.match(await ok(['send', '--from', 'bob', '--to', 'dev', '--asset', 'GOLD', '--amount', '1.25']), /^sent 1\.25 GOLD from/mu);
    assert.equal(await balance('bob', 'GOLD'), 75n);
    await fails(['send', '--from', 'bob', '--to', 'dev', '--asset', 'GOLD', '--amount', '0.125'], 'bad_amount');
    await fails(['send', '--from', 'bob', '--to', 'dev', '--asset', 'NOPE', '--amount', '1'], 'unknown_asset');
  });

  test('an over-long amount says it is over the limit and names it; nothing is sent', async () => {
    const before = await balance('bob');
    const stderr = await fails(['send', '--from', 'dev', '--to', 'bob', '--amount', '9'.repeat(80)], 'bad_amount');
    assert.match(stderr, /is over the limit: an amount is at most 2\^128 − 1 base units/u);
    const named = await fails(['send', '--from', 'dev', '--to', 'bob', '--amount', '1' + '0'.repeat(39)], 'bad_amount');
    assert.match(named, /at most 340282366920938463463374607431768\.211455 AGR/u);
    assert.equal(await balance('bob'), before);
  });

  test('a stream and an escrow print rates, deposits and tranches in AGR with its decimals', async () => {
    const opened = await ok(['stream', 'open', '--from', 'dev', '--to', 'bob', '--rate', '0.5', '--deposit', '100']);
    assert.match(opened, /pays agora1\w+ 0\.5 AGR per second, up to 100 AGR$/mu);
    const stream = /^stream: (agora1\w+)$/mu.exec(opened)?.[1] ?? '';
    await eventually(async () => BigInt((await okJson<StreamContractJson>(['stream', 'show', stream])).now.accrued) > 0n, 15_000);
    const shown = await ok(['stream', 'show', stream]);
    assert.match(shown, /^rate:\s+0\.5 AGR per second$/mu);
    assert.match(shown, /^deposit:\s+100 AGR$/mu);
    assert.match(shown, /^accrued now:\s+[0-9.]+ AGR$/mu);
    assert.match(await ok(['stream', 'withdraw', '--from', 'bob', '--stream', stream]), /^withdrew [0-9.]+ AGR from agora1\w+ \([0-9.]+ AGR so far\)$/mu);
    assert.match(await ok(['stream', 'stop', '--from', 'dev', '--stream', stream]), /: [0-9.]+ AGR to the payee, [0-9.]+ AGR back to the payer$/mu);

    const escrow = await ok(['escrow', 'create', '--from', 'dev', '--payee', 'bob', '--tranche', '1.5', '--tranche', '2', '--deadline', '1h', '--default', 'refund']);
    assert.match(escrow, /locked 1\.5 AGR; 2 AGR \(2 tranche\(s\)\) for agora1/u);
    const address = /^escrow: (agora1\w+)$/mu.exec(escrow)?.[1] ?? '';
    const escrowShown = await ok(['escrow', 'show', address]);
    assert.match(escrowShown, /^tranche 0:\s+1\.5 AGR \(held\)$/mu);
    assert.match(escrowShown, /^holds:\s+3\.5 AGR$/mu);
    const json = await okJson<{ tranches: { assets: { amount: string }[] }[] }>(['escrow', 'show', address]);
    assert.equal(json.tranches[0].assets[0].amount, '1500000', '--json keeps base units');
  });

  test('a tx shows its fees with the unit', async () => {
    const sent = await okJson<{ id: string }>(['send', '--from', 'dev', '--to', 'bob', '--amount', '1']);
    const shown = await ok(['tx', sent.id]);
    assert.match(shown, /^fee max:\s+0 AGR$/mu);
    assert.match(shown, /^fee paid:\s+0 AGR$/mu);
  });
});

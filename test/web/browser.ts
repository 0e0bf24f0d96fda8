/**
 * Browser tests' plumbing: Debian's Chromium driven by playwright-core (no browser download), a
 * fresh build of web/ served by a real node, and a record of everything the page did.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { mnemonicToSeedSync } from '@scure/bip39';
import { wordlist as english } from '@scure/bip39/wordlists/english.js';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { toHex, utf8 } from '../../src/crypto/hash.ts';
import { keyPairFromMnemonic } from '../../src/crypto/mnemonic.ts';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/**
 * Why the browser tests cannot run here, or undefined when they can. Chromium missing is a reason
 * only outside CI: in CI (.ci/run installs it) a missing browser must fail the run, not skip it.
 */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.env.CI !== undefined && process.env.CI !== '') return undefined;
  return `browser tests skipped: ${CHROMIUM} is missing (apt-get update && apt-get install -y chromium)`;
}

/** Type checks web/ and builds it into a fresh directory; returns the directory. */
export async function buildWebApp(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'agora-web-'));
  const run = spawnSync(process.execPath, [join(ROOT, 'web/build.mjs'), '--typecheck', '--out', outDir], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`web build failed:\n${run.stdout}\n${run.stderr}`);
  return outDir;
}

export interface SeenRequest {
  method: string;
  url: string;
  body: string;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Every request any page of the context made, with its body. */
  requests: SeenRequest[];
  /** Console errors and uncaught page errors. */
  errors: string[];
  screenshot(name: string, page?: Page): Promise<string>;
  close(): Promise<void>;
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export async function launchBrowser(viewport = { width: 1280, height: 900 }): Promise<Browser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'agora-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport });
  const requests: SeenRequest[] = [];
  const errors: string[] = [];
  const watch = (page: Page): void => {
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  };
  context.on('request', (request) => requests.push({ method: request.method(), url: request.url(), body: request.postData() ?? '' }));
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page);
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    context,
    page,
    requests,
    errors,
    async screenshot(name: string, target: Page = page): Promise<string> {
      const path = join(ARTIFACTS, `${name}.png`);
      await target.screenshot({ path, fullPage: true });
      return path;
    },
    async close(): Promise<void> {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The request watcher's verdict: no request the page made carries the key of `mnemonic` — its secret
 * key, its seed, the phrase, or any two neighbouring words of it with any short separator (a space, a
 * comma, a JSON array's `","`) — nor any of `others` (e.g. the bytes of a document that only its hash
 * may leave with); in clear, URL- or form-encoded, base64, or as the hex of their UTF-8 (the form a
 * tx's bytes would carry them in). Single words are not looked for: "limit", "history" or "report"
 * are in the BIP-39 list and in the API's own paths, and short ones turn up by chance inside hex and
 * bech32; a word out of its phrase gives nothing away.
 */
export function assertNoSecretsSent(requests: readonly SeenRequest[], mnemonic: string, others: readonly string[] = []): void {
  const key = keyPairFromMnemonic(mnemonic);
  const seed = mnemonicToSeedSync(mnemonic, '');
  const words = mnemonic.split(' ');
  const secrets = [
    toHex(key.secretKey),
    Buffer.from(key.secretKey).toString('base64'),
    toHex(seed),
    Buffer.from(seed).toString('base64'),
    mnemonic,
    toHex(utf8(mnemonic)),
    ...others,
    ...others.map((text) => toHex(utf8(text))),
    ...others.map((text) => Buffer.from(text).toString('base64')),
  ];
  const pairs = words.slice(1).map((word, i) => new RegExp(`(^|[^a-z])${words[i]}[^a-z0-9]{1,6}${word}([^a-z]|$)`));
  assert.ok(requests.length > 10, `${requests.length} requests seen`);
  for (const request of requests) {
    const seen = `${decodeURIComponent(request.url)}\n${request.body}`.toLowerCase();
    for (const secret of secrets) {
      for (const form of new Set([secret.toLowerCase(), encodeURIComponent(secret).toLowerCase(), secret.toLowerCase().replace(/ /g, '+')])) {
        assert.ok(!seen.includes(form), `${request.method} ${request.url} carries a secret`);
      }
    }
    for (const pair of pairs) assert.ok(!pair.test(seen), `${request.method} ${request.url} carries words of the recovery phrase`);
  }
}

/**
 * The longest run of consecutive BIP-39 English words in the page's DOM text (inputs' values
 * included): prose has short runs ("the", "key", "you"), a recovery phrase has 12 to 24.
 */
export async function longestPhraseRun(page: Page): Promise<number> {
  const text = await page.evaluate(() => {
    const values = [...document.querySelectorAll('input, textarea')].map((element) => (element as HTMLInputElement).value);
    return `${document.body.innerText}\n${document.body.textContent ?? ''}\n${values.join('\n')}`;
  });
  const words = new Set(english);
  let longest = 0;
  let run = 0;
  for (const token of text.toLowerCase().split(/[^a-z]+/)) {
    if (token === '') continue;
    run = words.has(token) ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** On the wallet's "Create a new key" tab: asks for a phrase and returns its 24 words as shown. */
export async function createPhrase(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Create a recovery phrase' }).click();
  const list = page.getByTestId('mnemonic');
  await list.waitFor();
  return (await list.locator('li').allTextContents()).join(' ');
}

/** The passphrase the browser tests' wallets save their keys under. */
export const WALLET_PASSPHRASE = 'correct horse battery';

/**
 * Client-side navigation: a reload would drop the unlocked key (web/src/wallet/session.ts). The page
 * comes to the front first: Chromium throttles the animation frames of a background page, by which
 * Playwright checks that a button is stable before clicking it.
 */
export async function go(page: Page, path: string): Promise<void> {
  await page.bringToFront();
  await page.evaluate((to) => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new Event('agora:navigate'));
  }, path);
}

/** On the wallet page: creates a key, confirms the words were written down, saves it; its words and address. */
export async function makeKey(page: Page): Promise<{ mnemonic: string; address: string }> {
  const mnemonic = await createPhrase(page);
  await page.getByLabel('I have written these words down').check();
  await page.locator('input[name="passphrase"]').fill(WALLET_PASSPHRASE);
  await page.locator('input[name="passphrase-again"]').fill(WALLET_PASSPHRASE);
  await page.getByRole('button', { name: 'Save the key in this browser' }).click();
  const address = ((await page.getByTestId('wallet-address').textContent()) ?? '').trim();
  return { mnemonic, address };
}

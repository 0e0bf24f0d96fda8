import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * A clean `npm ci` on the oldest Node we support stays quiet (issue 17 item 8): no installed package
 * asks for a newer Node (EBADENGINE), and every package with an install script has a decision in
 * package.json's `allowScripts` (npm 11's install-scripts warning). p-retry 8 (via libp2p) and
 * cookie 2 (via fastify's light-my-request) want Node 22; package.json `overrides` pins them to the
 * last releases that declare Node 20 and keep the call each dependent makes.
 */
const ROOT = resolve('.');
const require = createRequire(join(ROOT, 'package.json'));

/** npm's own engine check (npm-install-checks) is `semver.satisfies`; semver has no bundled types. */
const semver = require('semver') as {
  satisfies(version: string, range: string, options: { includePrerelease: boolean }): boolean;
  minVersion(range: string): { version: string } | null;
};

interface Manifest {
  name: string;
  version: string;
  engines?: { node?: string };
  allowScripts?: { [name: string]: boolean };
}

function readManifest(path: string): Manifest {
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

const root = readManifest(join(ROOT, 'package.json'));
const supportedNodeRange = root.engines?.node ?? '';
const oldestNode = semver.minVersion(supportedNodeRange)?.version ?? '';

/**
 * The directory of package `name` as Node finds it from `from`: the nearest node_modules/`name` on
 * the way up (libp2p's exports hide its package.json from require.resolve).
 */
function packageDirectory(name: string, from: string = ROOT): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    assert.notEqual(dirname(dir), dir, `${name} is not installed where ${from} can load it`);
  }
}

function installedFrom(dependent: string, name: string): Manifest {
  return readManifest(join(packageDirectory(name, dependent), 'package.json'));
}

function acceptsOurNode(manifest: Manifest): boolean {
  const range = manifest.engines?.node;
  if (range === undefined) return true;
  return [oldestNode, process.versions.node].every((version) => semver.satisfies(version, range, { includePrerelease: true }));
}

test('package.json supports Node 20.19 and later', () => {
  assert.equal(supportedNodeRange, '>=20.19');
  assert.equal(oldestNode, '20.19.0');
});

test('the p-retry libp2p loads and the cookie fastify loads declare our oldest Node', () => {
  const pRetry = installedFrom(packageDirectory('libp2p'), 'p-retry');
  const lightMyRequest = packageDirectory('light-my-request', packageDirectory('fastify'));
  const cookie = installedFrom(lightMyRequest, 'cookie');
  for (const manifest of [pRetry, cookie]) {
    assert.ok(acceptsOurNode(manifest), `${manifest.name}@${manifest.version} wants node ${manifest.engines?.node}, we support ${supportedNodeRange}`);
  }
});

test('the pinned p-retry and cookie still export what libp2p and light-my-request call', async () => {
  // libp2p's reconnect queue: pRetry(fn, { signal, retries, factor, minTimeout }), fn gets the attempt.
  const pRetry = (await import(pathToFileURL(createRequire(join(packageDirectory('libp2p'), 'package.json')).resolve('p-retry')).href)) as {
    default: (run: (attempt: number) => Promise<number>, options: { retries: number; factor: number; minTimeout: number }) => Promise<number>;
  };
  const attempts: number[] = [];
  const result = await pRetry.default(async (attempt) => {
    attempts.push(attempt);
    if (attempt < 2) throw new Error('not yet');
    return attempt;
  }, { retries: 2, factor: 1, minTimeout: 1 });
  assert.equal(result, 2);
  assert.deepEqual(attempts, [1, 2]);
  // light-my-request's cookie encoding: stringifySetCookie({ name, value }).
  const lightMyRequest = packageDirectory('light-my-request', packageDirectory('fastify'));
  const cookie = createRequire(join(lightMyRequest, 'package.json'))('cookie') as { stringifySetCookie(cookie: { name: string; value: string }): string };
  assert.equal(cookie.stringifySetCookie({ name: 'session', value: 'a b' }), 'session=a%20b');
});

test('no installed package asks for a newer Node than package.json supports (npm EBADENGINE)', () => {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: { [path: string]: unknown } };
  const problems: string[] = [];
  for (const path of Object.keys(lock.packages)) {
    // Optional packages for other platforms are in the lock but not on disk.
    if (path === '' || !existsSync(join(ROOT, path, 'package.json'))) continue;
    const manifest = readManifest(join(ROOT, path, 'package.json'));
    if (!acceptsOurNode(manifest)) problems.push(`${path}: ${manifest.name}@${manifest.version} wants node ${manifest.engines?.node}`);
  }
  assert.deepEqual(problems, []);
});

test('every installed package with an install script has a decision in allowScripts', () => {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: { [path: string]: { hasInstallScript?: boolean } } };
  const undecided = Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && entry.hasInstallScript === true)
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length))
    .filter((name) => root.allowScripts?.[name] === undefined);
  assert.deepEqual(undecided, []);
});

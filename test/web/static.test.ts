/**
 * The node serving the web app (src/api/routes/static.ts): content types, cache headers, the
 * fallback to index.html for client routes, the API's JSON 404 kept, and no way out of the root.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveWebPath } from '../../src/api/routes/static.ts';
import { getJson, startTestNode, type TestNode } from '../api/helpers.ts';

const INDEX = '<!doctype html><title>app</title><a href="/v1/status">status</a>';
const SECRET = 'not for the web';

/** A raw GET, so that the path reaches the server exactly as written (fetch would normalise `..`). */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = request({ host: hostname, port, path, method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the node serves the built web app', () => {
  let t: TestNode;
  let base: string;

  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'agora-static-'));
    const root = join(base, 'dist');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), INDEX);
    await writeFile(join(root, 'assets', 'app-1a2b3c.js'), 'console.log(1)');
    await writeFile(join(root, 'assets', 'app-1a2b3c.css'), 'body{}');
    await writeFile(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(join(root, '.env'), SECRET);
    await writeFile(join(base, 'secret.txt'), SECRET);
    process.env.AGORA_WEB_DIR = root;
    t = await startTestNode();
  });
  after(async () => {
    await t.stop();
    await rm(base, { recursive: true, force: true });
  });

  test('GET / is index.html, revalidated, with a same-origin content security policy', async () => {
    const response = await fetch(`${t.url}/`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(await response.text(), INDEX);
    const etag = response.headers.get('etag');
    assert.ok(etag !== null);
    const again = await fetch(`${t.url}/`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
  });

  test('files have their content type; hashed assets are cached for good', async () => {
    const cases: [string, string, string][] = [
      ['/assets/app-1a2b3c.js', 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
      ['/assets/app-1a2b3c.css', 'text/css; charset=utf-8', 'public, max-age=31536000, immutable'],
      ['/favicon.svg', 'image/svg+xml', 'no-cache'],
    ];
    for (const [path, type, cache] of cases) {
      const response = await fetch(`${t.url}${path}`);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-type'), type, path);
      assert.equal(response.headers.get('cache-control'), cache, path);
      assert.equal(response.headers.get('content-security-policy'), null, path);
    }
  });

  test('client routes answer index.html; a missing file is 404', async () => {
    for (const path of ['/wallet', '/block/12', `/tx/${'ab'.repeat(32)}`, '/account/agora1xyz', '/asset/AGR', '/some/future/page']) {
      const response = await fetch(`${t.url}${path}`);
      assert.equal(response.status, 200, path);
      assert.equal(await response.text(), INDEX, path);
    }
    assert.deepEqual(await getJson(`${t.url}/assets/gone-123.js`), { status: 404, body: { error: { code: 'not_found', message: 'no such file' } } });
  });

  test('the API keeps its JSON 404 under /v1', async () => {
    assert.deepEqual(await getJson(`${t.url}/v1/nothing`), { status: 404, body: { error: { code: 'not_found', message: 'no such route' } } });
    assert.deepEqual(await getJson(`${t.url}/v1`), { status: 404, body: { error: { code: 'not_found', message: 'no such route' } } });
    assert.equal((await fetch(`${t.url}/v1/status`)).status, 200);
  });

  test('no path leaves the root or reaches a hidden file', async () => {
    for (const path of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/.env', '/%2eenv', '/assets/..%5c..%5csecret.txt', '/a%00.js']) {
      const { status, body } = await rawGet(t.url, path);
      assert.ok(!body.includes(SECRET), `${path} leaked (${status})`);
      assert.ok(status === 200 ? body === INDEX : status === 400 || status === 404, `${path}: ${status}`);
    }
  });

  test('resolveWebPath refuses escapes', () => {
    const root = '/srv/web';
    assert.equal(resolveWebPath(root, 'assets/a.js'), '/srv/web/assets/a.js');
    assert.equal(resolveWebPath(root, 'index.html'), '/srv/web/index.html');
    for (const path of ['../x', 'a/../../x', '.git/config', 'a\\..\\x', 'a\0b', 'x'.repeat(201)]) assert.equal(resolveWebPath(root, path), undefined, path);
  });
});

describe('a node whose web app is not built', () => {
  let t: TestNode;
  let empty: string;
  before(async () => {
    empty = await mkdtemp(join(tmpdir(), 'agora-static-empty-'));
    process.env.AGORA_WEB_DIR = empty;
    t = await startTestNode();
  });
  after(async () => {
    await t.stop();
    await rm(empty, { recursive: true, force: true });
  });

  test('GET / says how to build it and links to the API', async () => {
    for (const path of ['/', '/wallet']) {
      const response = await fetch(`${t.url}${path}`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
      const text = await response.text();
      assert.match(text, /npm run build:web/);
      assert.match(text, /href="\/v1\/status"/);
    }
  });
});

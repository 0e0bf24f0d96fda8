import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addRoute, type ApiContext } from '../context.ts';
import { errorReply } from '../errors.ts';
import { ROUTES } from '../../wire/routes.ts';

/**
 * The built web app (web/, README §Web app) served by the node: `GET /` and every client route answer
 * index.html, the files of the build answer themselves. No fastify plugin: a small handler that maps
 * a URL path to a file under one root and refuses anything that would leave it.
 *
 * The root is web/dist of this checkout, or AGORA_WEB_DIR (tests serve a build of their own).
 */
const WEB_DIR_DEFAULT = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Files larger than this are not served (the whole build is ~300 KiB). */
const WEB_FILE_BYTES_MAX = 8 * 1024 * 1024;
/** Vite names the files under assets/ by their content hash, so they never change. */
const IMMUTABLE_PREFIX = 'assets/';
const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
const CACHE_REVALIDATE = 'no-cache';

const CONTENT_TYPES: { [extension: string]: string } = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Same-origin only: the wallet's keys live in this origin's storage, so the page loads scripts, styles
 * and data from the node alone and may not be framed (a clickjacking guard for the send button).
 */
const HTML_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** Shown at `/` when web/dist is not built (e.g. `npm ci --ignore-scripts`). */
const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Agora node</title></head>
<body>
<h1>Agora node</h1>
<p>The web app is not built here: run <code>npm run build:web</code>, then reload.</p>
<p>This node's API: <a href="/v1/status">/v1/status</a> · <a href="/v1/openapi.json">/v1/openapi.json</a> · <a href="/metrics">/metrics</a></p>
</body>
</html>
`;

export function webDirectory(): string {
  const configured = process.env.AGORA_WEB_DIR;
  return resolve(configured !== undefined && configured.length > 0 ? configured : WEB_DIR_DEFAULT);
}

/**
 * The file under `root` that a URL path names, or undefined when the path could leave the root or
 * names a hidden file. `path` is the decoded path without its leading slash.
 */
export function resolveWebPath(root: string, path: string): string | undefined {
  if (path.length > 200 || path.includes('\0') || path.includes('\\')) return undefined;
  const segments = path.split('/');
  if (segments.some((segment) => segment === '..' || segment.startsWith('.'))) return undefined;
  const file = resolve(root, ...segments.filter((segment) => segment.length > 0));
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
}

async function readWebFile(file: string): Promise<{ body: Buffer; etag: string } | undefined> {
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size > WEB_FILE_BYTES_MAX) return undefined;
    return { body: await readFile(file), etag: `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"` };
  } catch {
    return undefined;
  }
}

async function sendWebFile(request: FastifyRequest, reply: FastifyReply, root: string, relative: string): Promise<boolean> {
  const file = resolveWebPath(root, relative);
  const found = file === undefined ? undefined : await readWebFile(file);
  if (file === undefined || found === undefined) return false;
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  reply.header('content-type', type).header('x-content-type-options', 'nosniff');
  reply.header('cache-control', relative.startsWith(IMMUTABLE_PREFIX) ? CACHE_IMMUTABLE : CACHE_REVALIDATE).header('etag', found.etag);
  if (type.startsWith('text/html')) reply.headers(HTML_HEADERS);
  if (request.headers['if-none-match'] === found.etag) {
    reply.code(304).send();
    return true;
  }
  reply.send(found.body);
  return true;
}

/** index.html of the app, or the not-built page. */
export async function sendWebIndex(request: FastifyRequest, reply: FastifyReply, root: string): Promise<void> {
  if (await sendWebFile(request, reply, root, 'index.html')) return;
  reply.type('text/html; charset=utf-8').header('cache-control', CACHE_REVALIDATE).send(NOT_BUILT_PAGE);
}

/** A client route is a path without a file extension in its last segment: `/block/12`, `/wallet`. */
function isClientRoute(path: string): boolean {
  const last = path.split('/').at(-1) ?? '';
  return !last.includes('.');
}

/** GET /* — the app's files, and index.html for client routes. The API (/v1/…) keeps its JSON 404. */
export function registerStaticRoutes(app: FastifyInstance, _context: ApiContext): void {
  const root = webDirectory();
  addRoute(app, ROUTES.webApp, async (request, reply) => {
    const path = (request.params as { '*': string })['*'];
    const underApi = path === 'v1' || path.startsWith('v1/');
    const notFound = errorReply('not_found', underApi ? 'no such route' : 'no such file');
    if (underApi) return reply.code(notFound.status).send(notFound.body);
    if (await sendWebFile(request, reply, root, path)) return reply;
    if (isClientRoute(path)) {
      await sendWebIndex(request, reply, root);
      return reply;
    }
    return reply.code(notFound.status).send(notFound.body);
  });
}

import type { AddressInfo } from 'node:net';
import { buildApi, type ApiOptions } from './app.ts';
import type { ApiNode } from './context.ts';

export type { ApiOptions } from './app.ts';

export interface ApiServer {
  /** The URL the server listens on, with the real port when `listen` asked for port 0. */
  url: string;
  close: () => Promise<void>;
}

/** Splits `host:port` (`[::1]:8080` for IPv6). */
function parseListen(listen: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]]+)):([0-9]{1,5})$/.exec(listen);
  const port = match === null ? -1 : Number(match[3]);
  if (match === null || port > 65_535) throw new Error(`listen address must be HOST:PORT, got "${listen}"`);
  return { host: match[1] ?? match[2], port };
}

/** Starts the HTTP API of `node` (spec/api.md) on `options.listen`. */
export async function startApi(node: ApiNode, options: ApiOptions): Promise<ApiServer> {
  const { host, port } = parseListen(options.listen);
  const app = buildApi(node, options);
  await app.listen({ host, port });
  const address = app.server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  options.log.info({ url }, 'api listening');
  return { url, close: () => app.close() };
}

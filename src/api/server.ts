import Fastify from 'fastify';
import type { Logger } from 'pino';
import type { AgoraNode } from '../node/node.ts';

export interface ApiOptions {
  listen: string;
  log: Logger;
}

/** Placeholder: the full API is being written in src/api. */
export async function startApi(node: AgoraNode, options: ApiOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify();
  app.get('/v1/status', async () => ({ chainId: node.chain.genesis.chainId, height: node.chain.height }));
  const [host, port] = options.listen.split(':');
  const url = await app.listen({ host, port: Number(port) });
  return { url, close: () => app.close() };
}

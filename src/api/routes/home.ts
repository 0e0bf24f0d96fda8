import type { FastifyInstance } from 'fastify';
import { addRoute, type ApiContext } from '../context.ts';
import { ROUTES } from '../../wire/routes.ts';
import { sendWebIndex, webDirectory } from './static.ts';

/** GET /: the web app (explorer and wallet) built into web/dist, or a page saying how to build it. */
export function registerHomeRoutes(app: FastifyInstance, _context: ApiContext): void {
  const root = webDirectory();
  addRoute(app, ROUTES.home, async (request, reply) => {
    await sendWebIndex(request, reply, root);
    return reply;
  });
}

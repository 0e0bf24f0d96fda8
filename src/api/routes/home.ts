import type { FastifyInstance } from 'fastify';
import { addRoute, type ApiContext } from '../context.ts';
import { ROUTES } from '../route-specs.ts';

// A placeholder until the web app (explorer and wallet) is served here.
const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Agora node</title></head>
<body>
<h1>Agora node</h1>
<p>This node's API: <a href="/v1/status">/v1/status</a> · <a href="/v1/openapi.json">/v1/openapi.json</a> · <a href="/metrics">/metrics</a></p>
</body>
</html>
`;

/** GET /: a tiny HTML page linking to the API. */
export function registerHomeRoutes(app: FastifyInstance, _context: ApiContext): void {
  addRoute(app, ROUTES.home, async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
}

import { PATHS } from './paths.ts';
import { errorResponse, type RouteSpec } from './route.ts';
import { enumOf, jsonObject, object, type Schema, type Static } from './schema.ts';

/** The routes around the API: the web app, metrics and this contract as an OpenAPI document. */

/** `/` and `/*` take any query: the web app reads its own. */
const ANY_QUERY: Schema<{ [name: string]: unknown }> = { type: 'object' };

export const OPENAPI_DOCUMENT = object({ openapi: enumOf(['3.1.0']), info: jsonObject(), paths: jsonObject(), components: jsonObject() });
export type OpenApiDocument = Static<typeof OPENAPI_DOCUMENT>;

const NOT_MODIFIED = { description: 'not modified: the If-None-Match tag is current', empty: true } as const;

export const META_ROUTES = {
  home: {
    ...PATHS.home,
    operationId: 'home',
    summary: 'the web app’s index.html, or a small page saying how to build it',
    tag: 'meta',
    query: ANY_QUERY,
    responses: { 200: { description: 'HTML', contentType: 'text/html' }, 304: NOT_MODIFIED },
  },
  webApp: {
    ...PATHS.webApp,
    operationId: 'webApp',
    summary: 'the web app: its files (hashed assets cached for a year), and index.html for every client route',
    tag: 'meta',
    query: ANY_QUERY,
    responses: {
      200: { description: 'a file of the built web app (index.html for a client route)', contentType: '*/*' },
      304: NOT_MODIFIED,
      404: errorResponse('`not_found`: no such file, or an unknown /v1 route'),
    },
  },
  metrics: { ...PATHS.metrics, operationId: 'getMetrics', summary: 'Prometheus metrics', tag: 'meta', responses: { 200: { description: 'Prometheus text format', contentType: 'text/plain' } } },
  openapi: { ...PATHS.openapi, operationId: 'getOpenApi', summary: 'this document', tag: 'meta', responses: { 200: { description: 'OpenAPI 3.1', schema: OPENAPI_DOCUMENT } } },
} satisfies { [name: string]: RouteSpec };

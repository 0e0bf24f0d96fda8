import type { Json } from '../codec/json.ts';
import { ROUTES, type ResponseSpec, type RouteSpec } from './route-specs.ts';
import { COMPONENTS, type JsonSchema } from './schemas.ts';

/**
 * The OpenAPI 3.1 document, generated from the same route table and schemas fastify validates with
 * (route-specs.ts, schemas.ts), so it cannot drift from what the server accepts.
 */
export function buildOpenApi(version: string): { [key: string]: Json } {
  const paths: { [path: string]: { [method: string]: Json } } = {};
  for (const route of Object.values(ROUTES) as RouteSpec[]) {
    const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[path] = { ...(paths[path] ?? {}), [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Agora node API', version, description: 'See spec/api.md. Amounts are decimal strings, bytes lower-case hex; errors are {error:{code,message}}.' },
    paths,
    components: { schemas: COMPONENTS },
  };
}

function operation(route: RouteSpec): { [key: string]: Json } {
  const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.querystring, 'query')];
  const op: { [key: string]: Json } = { operationId: route.operationId, summary: route.summary, tags: [route.tag], responses: responsesOf(route.responses) };
  if (parameters.length > 0) op.parameters = parameters;
  if (route.body !== undefined) op.requestBody = { required: true, content: { 'application/json': { schema: route.body } } };
  return op;
}

function parametersOf(schema: JsonSchema | undefined, where: 'path' | 'query'): Json[] {
  if (schema === undefined) return [];
  const properties = (schema.properties ?? {}) as { [name: string]: JsonSchema };
  const required = (schema.required ?? []) as string[];
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    const parameter: { [key: string]: Json } = { name, in: where, required: where === 'path' || required.includes(name), schema: rest };
    if (description !== undefined) parameter.description = description;
    return parameter;
  });
}

function responsesOf(responses: { [status: string]: ResponseSpec }): { [status: string]: Json } {
  const out: { [status: string]: Json } = {};
  for (const [status, response] of Object.entries(responses)) {
    const schema: JsonSchema = typeof response.schema === 'string' ? { $ref: `#/components/schemas/${response.schema}` } : (response.schema ?? { type: 'string' });
    out[status] = { description: response.description, content: { [response.contentType ?? 'application/json']: { schema } } };
  }
  return out;
}

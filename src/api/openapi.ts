import { responsesOf, type ResponseSpec, type RouteSpec } from '../wire/route.ts';
import { COMPONENTS, ROUTES } from '../wire/routes.ts';
import type { OpenApiDocument } from '../wire/meta.ts';
import type { JsonSchema, JsonValue } from '../wire/schema.ts';

/**
 * The OpenAPI 3.1 document, generated from the wire contract (src/wire/routes.ts): the same request
 * schemas fastify validates with and the same response schemas the tests check answers against, so
 * it cannot drift from what the server does. A named shape (COMPONENTS) is written once under
 * `components.schemas` and referred to wherever it appears.
 */
export function buildOpenApi(version: string): OpenApiDocument {
  const refer = referrer();
  const paths: { [path: string]: { [method: string]: JsonValue } } = {};
  for (const route of Object.values(ROUTES) as RouteSpec[]) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[path] = { ...(paths[path] ?? {}), [route.method.toLowerCase()]: operation(route, refer) };
  }
  const schemas: { [name: string]: JsonValue } = {};
  for (const [name, schema] of Object.entries(COMPONENTS)) schemas[name] = refer(schema, schema);
  return {
    openapi: '3.1.0',
    info: { title: 'Agora node API', version, description: 'See spec/api.md. Amounts are decimal strings, bytes lower-case hex; errors are {error:{code,message}}.' },
    paths,
    components: { schemas },
  };
}

type Refer = (value: JsonValue, self?: JsonSchema) => JsonValue;

/** Copies a schema, replacing each named shape inside it (but not `self`) by a `$ref` to its name. */
function referrer(): Refer {
  const names = new Map<JsonValue, string>(Object.entries(COMPONENTS).map(([name, schema]) => [schema, name]));
  const refer: Refer = (value, self) => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((entry) => refer(entry));
    const name = names.get(value);
    if (name !== undefined && value !== self) return { $ref: `#/components/schemas/${name}` };
    const copy: { [key: string]: JsonValue } = {};
    for (const [key, entry] of Object.entries(value)) copy[key] = refer(entry);
    return copy;
  };
  return refer;
}

function operation(route: RouteSpec, refer: Refer): { [key: string]: JsonValue } {
  const parameters = [...parametersOf(route.params, 'path', refer), ...parametersOf(route.query, 'query', refer)];
  const op: { [key: string]: JsonValue } = { operationId: route.operationId, summary: route.summary, tags: [route.tag], responses: responsesDocument(responsesOf(route), refer) };
  if (parameters.length > 0) op.parameters = parameters;
  if (route.body !== undefined) op.requestBody = { required: true, content: { 'application/json': { schema: refer(route.body) } } };
  return op;
}

function parametersOf(schema: JsonSchema | undefined, where: 'path' | 'query', refer: Refer): JsonValue[] {
  if (schema === undefined) return [];
  const properties = (schema.properties ?? {}) as { [name: string]: JsonSchema };
  const required = (schema.required ?? []) as string[];
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    const parameter: { [key: string]: JsonValue } = { name, in: where, required: where === 'path' || required.includes(name), schema: refer(rest) };
    if (description !== undefined) parameter.description = description;
    return parameter;
  });
}

function responsesDocument(responses: { [status: string]: ResponseSpec }, refer: Refer): { [status: string]: JsonValue } {
  const out: { [status: string]: JsonValue } = {};
  for (const [status, response] of Object.entries(responses)) {
    if (response.empty === true) {
      out[status] = { description: response.description };
      continue;
    }
    const schema = response.schema === undefined ? { type: 'string' } : refer(response.schema);
    out[status] = { description: response.description, content: { [response.contentType ?? 'application/json']: { schema } } };
  }
  return out;
}

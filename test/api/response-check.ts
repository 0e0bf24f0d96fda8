import { Ajv, type ValidateFunction } from 'ajv';
import type { ObservedResponse } from '../../src/api/app.ts';
import { ERROR } from '../../src/wire/common.ts';
import { responsesOf, type ResponseSpec, type RouteSpec } from '../../src/wire/route.ts';
import { ROUTES } from '../../src/wire/routes.ts';
import type { JsonSchema } from '../../src/wire/schema.ts';

/**
 * Checks every answer of a test node against the wire contract (src/wire/routes.ts): its status is
 * one its route lists, a JSON answer has a schema and matches it, and any other answer has the
 * content type its route names. Test nodes (helpers.ts) install it and fail their `stop()` when an
 * answer broke the contract, so every API response of the suite is checked.
 */

/** One compiled validator per schema object, shared by every node of a test process. */
const ajv = new Ajv({ allErrors: false, strict: true, strictTypes: false });
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

function validatorOf(schema: JsonSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Checks `value` against `schema`: undefined when it matches, else what is wrong (first error). */
export function schemaProblem(schema: JsonSchema, value: unknown): string | undefined {
  const validate = validatorOf(schema);
  if (validate(value)) return undefined;
  const error = validate.errors?.[0];
  return error === undefined ? 'does not match' : `${error.instancePath || '(body)'} ${error.message ?? 'is invalid'} (${error.schemaPath})`;
}

const ROUTE_OF = new Map<string, RouteSpec>((Object.values(ROUTES) as RouteSpec[]).map((route) => [`${route.method} ${route.path}`, route]));

/** A request no route matched is answered by the not-found handler (or refused before it): an error body. */
const UNMATCHED: RouteSpec = { method: 'GET', path: '(unmatched)', operationId: 'unmatched', summary: '', tag: '', responses: { 404: { description: '`not_found`', schema: ERROR } } };

function isJson(contentType: string | undefined): boolean {
  return contentType === undefined || contentType.startsWith('application/json');
}

function bodyText(payload: unknown): string | undefined {
  if (typeof payload === 'string') return payload;
  if (payload instanceof Uint8Array) return new TextDecoder().decode(payload);
  return undefined;
}

/** What is wrong with `response` by the contract, or undefined. */
export function contractProblem(response: ObservedResponse): string | undefined {
  // HEAD is answered by fastify's GET route, without a body.
  const method = response.method === 'HEAD' ? 'GET' : response.method;
  const route = response.route === undefined ? UNMATCHED : ROUTE_OF.get(`${method} ${response.route}`);
  if (route === undefined) return `${method} ${response.route}: no route of the wire contract`;
  const spec: ResponseSpec | undefined = responsesOf(route)[String(response.status)];
  if (spec === undefined) return `${route.operationId}: status ${response.status} is not one of its answers`;
  if (spec.empty === true || response.method === 'HEAD') return undefined;
  const declared = spec.contentType ?? 'application/json';
  if (declared !== 'application/json') {
    if (declared === '*/*' || response.contentType?.startsWith(declared)) return undefined;
    return `${route.operationId} ${response.status}: content type ${response.contentType}, expected ${declared}`;
  }
  if (!isJson(response.contentType)) return `${route.operationId} ${response.status}: content type ${response.contentType}, expected JSON`;
  if (spec.schema === undefined) return `${route.operationId} ${response.status}: a JSON answer without a schema`;
  const text = bodyText(response.payload);
  if (text === undefined) return `${route.operationId} ${response.status}: no body`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `${route.operationId} ${response.status}: the body is not JSON`;
  }
  const problem = schemaProblem(spec.schema, value);
  return problem === undefined ? undefined : `${route.operationId} ${response.status}: ${problem}`;
}

/** Collects the contract problems of a node's answers; `assertNone` throws them. */
export class ResponseCheck {
  readonly problems: string[] = [];
  /** `operationId status` of every answer checked: what the suite covers. */
  readonly checked = new Set<string>();

  readonly observe = (response: ObservedResponse): void => {
    const problem = contractProblem(response);
    this.checked.add(`${ROUTE_OF.get(`${response.method} ${response.route}`)?.operationId ?? 'unmatched'} ${response.status}`);
    if (problem !== undefined) this.problems.push(`${response.method} ${response.route ?? '(unmatched)'} → ${problem}`);
  };

  assertNone(): void {
    if (this.problems.length > 0) throw new Error(`answers that break the wire contract (src/wire):\n  ${[...new Set(this.problems)].join('\n  ')}`);
  }
}

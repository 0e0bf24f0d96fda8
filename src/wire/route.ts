import { ERROR } from './common.ts';
import { object, type Schema } from './schema.ts';

/**
 * What a route of the HTTP API is (spec/api.md), written once for the server, the SDK and the
 * OpenAPI document (as Lodestar defines each route once for its server and client): method, path,
 * request schemas (fastify validates requests with them), and a schema per answer status. The
 * TypeScript types of requests and answers are derived from those schemas (ParamsOf … ResponseOf).
 */

export interface ResponseSpec {
  description: string;
  /** The body's schema; required for a JSON answer (the response check refuses a JSON answer without one). */
  schema?: Schema<unknown>;
  /** application/json unless given; `*\/*` for a file of any type. */
  contentType?: string;
  /** An answer without a body (304). */
  empty?: true;
}

export interface RouteSpec {
  method: 'GET' | 'POST';
  /** fastify's form: `/v1/txs/:id`. */
  path: string;
  operationId: string;
  summary: string;
  /** The OpenAPI tag: the area the route belongs to. */
  tag: string;
  params?: Schema<unknown>;
  /** A route without one refuses any query parameter. */
  query?: Schema<unknown>;
  body?: Schema<unknown>;
  responses: { readonly [status: number]: ResponseSpec };
}

export const errorResponse = (description: string): ResponseSpec => ({ description, schema: ERROR });
export const BAD_REQUEST = errorResponse('bad input: `bad_request` or a specific code');

/** What every route may answer besides its own statuses: fastify, the error handler and shutdown. */
const COMMON_RESPONSES: { readonly [status: number]: ResponseSpec } = {
  400: errorResponse('`bad_request`: a malformed URL, or a query parameter the route does not take'),
  500: errorResponse('`internal`: a fault of the node'),
  503: errorResponse('`shutting_down`: the node is stopping'),
};

/** The route's answers with the common ones it does not describe itself, by status. */
export function responsesOf(route: RouteSpec): { [status: string]: ResponseSpec } {
  return { ...COMMON_RESPONSES, ...route.responses };
}

/** A route that takes no query parameter: its query schema. */
export const NO_QUERY = object({});

type SuccessStatus = 200 | 201 | 202 | 204;

export type ParamsOf<R extends RouteSpec> = R extends { params: Schema<infer P> } ? P : unknown;
export type QueryOf<R extends RouteSpec> = R extends { query: Schema<infer Q> } ? Q : unknown;
export type BodyOf<R extends RouteSpec> = R extends { body: Schema<infer B> } ? B : unknown;

/** The JSON a route answers with on success (the union over its 2xx statuses). */
export type ResponseOf<R extends RouteSpec> = {
  [S in keyof R['responses']]: S extends SuccessStatus ? (R['responses'][S] extends { schema: Schema<infer T> } ? T : never) : never;
}[keyof R['responses']];

/** What a client passes to call a route: its path parameters, query and body, as their schemas type them. */
export type RouteInput<R extends RouteSpec> = (R extends { params: Schema<infer P> } ? { params: P } : { params?: undefined }) &
  (R extends { query: Schema<infer Q> } ? { query?: Q } : { query?: undefined }) &
  (R extends { body: Schema<infer B> } ? { body: B } : { body?: undefined });

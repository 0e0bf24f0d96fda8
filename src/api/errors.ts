import type { FastifyError } from 'fastify';
import type { ErrorResponse } from '../wire/types.ts';
import { NodeError } from '../node/errors.ts';
import { HTTP_BODY_BYTES_MAX } from '../node/limits.ts';

/**
 * Every error of the API leaves as `{ error: { code, message } }` with a 4xx/5xx status (spec/api.md
 * §Errors). Messages never quote the request body: a body may hold a key or a secret.
 */
export interface ErrorReply {
  status: number;
  body: ErrorResponse;
}

const STATUS_OF_CODE: { [code: string]: number } = {
  not_found: 404,
  before_base: 410,
  duplicate_tx: 409,
  already_committed: 409,
  body_too_large: 413,
  unsupported_media_type: 415,
  mempool_full: 429,
  sender_limit: 429,
  too_many_subscribers: 429,
  too_many_reports: 429,
  too_many_searches: 429,
  too_many_reads: 429,
  internal: 500,
  shutting_down: 503,
};

/** The HTTP status of an error code: 400 unless listed above. */
export function statusOfCode(code: string): number {
  return STATUS_OF_CODE[code] ?? 400;
}

export function errorReply(code: string, message: string): ErrorReply {
  return { status: statusOfCode(code), body: { error: { code, message } } };
}

interface ValidationIssue {
  keyword?: string;
  instancePath?: string;
  message?: string;
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/** A schema failure as `bad_request` naming the field and the rule, never the value. */
function validationReply(error: FastifyError & { validation: ValidationIssue[]; validationContext?: string }): ErrorReply {
  const context = error.validationContext ?? 'request';
  if (error.validation.some((issue) => issue.keyword === 'oneOf' || issue.keyword === 'anyOf')) {
    return errorReply('bad_request', `${context}: expected {"tx": "<hex>"} or an array of them`);
  }
  const issue = error.validation[0];
  const where = issue?.instancePath ? `${context}${issue.instancePath}` : context;
  return errorReply('bad_request', `${where} ${issue?.message ?? 'is invalid'}`);
}

/** Maps anything a handler or fastify throws to its reply. Unknown errors are `internal` (500). */
export function toErrorReply(error: unknown): ErrorReply {
  if (error instanceof NodeError) return errorReply(error.code, error.message);
  if (!isFastifyError(error)) return errorReply('internal', 'internal error');
  if ('validation' in error && Array.isArray(error.validation)) return validationReply(error as FastifyError & { validation: ValidationIssue[] });
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errorReply('body_too_large', `the request body is larger than ${HTTP_BODY_BYTES_MAX} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errorReply('unsupported_media_type', 'send the body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return errorReply('bad_request', 'the body is not valid JSON');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return errorReply('bad_request', 'the body length does not match Content-Length');
    default:
      break;
  }
  // JSON.parse's SyntaxError quotes the body, so its message is never passed on.
  if (error instanceof SyntaxError) return errorReply('bad_request', 'the body is not valid JSON');
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) return { status, body: { error: { code: 'bad_request', message: 'the request was refused' } } };
  return errorReply('internal', 'internal error');
}

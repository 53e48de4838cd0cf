import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ERROR_STATUS, isErrorCode, messageFor, type ErrorCode } from '@union/shared';
import { isAppError, isDatabaseUnavailable } from '../lib/errors';

/** Seconds a client waits before retrying while the database is away (a restart takes a few seconds). */
const UNAVAILABLE_RETRY_AFTER_S = 2;

/**
 * A path parameter comes from a link or a QR code the person opened, never from what they typed: whatever the
 * schema says about it, tell them what to do. The field still names the parameter for the client and the logs.
 */
const BROKEN_LINK_MESSAGE = '链接不完整或已失效，请重新扫码或返回重试';

/** One handler for every failure: `{ error: { code, message, field?, requestId } }`; nothing internal in a 5xx. */
export const errorHandlerPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const requestId = request.id;

      if (isAppError(error)) {
        if (error.statusCode >= 500) request.log.error({ err: error }, 'service failure');
        if (typeof error.extra?.retryAfter === 'number') reply.header('retry-after', String(error.extra.retryAfter));
        return reply.status(error.statusCode).send({
          error: { code: error.code, message: error.message, field: error.field, requestId, ...error.extra },
        });
      }

      if (hasZodFastifySchemaValidationErrors(error)) {
        // An undeclared field is named first: it is the caller's mistake whatever else is wrong.
        const first = error.validation.find((v) => v.keyword === 'unrecognized_keys') ?? error.validation[0];
        let field = first?.instancePath?.replace(/^\//, '').replace(/\//g, '.') || undefined;
        let message = first?.message ?? messageFor('request.invalid');
        const keys = (first?.params as { keys?: string[] } | undefined)?.keys;
        if (first?.keyword === 'unrecognized_keys' && keys?.length) {
          field = [field, keys[0]].filter(Boolean).join('.');
          message = `不支持的字段：${keys.join('、')}`;
        }
        // Query and body messages are the schema's own plain Chinese (搜索词不能超过 40 个字); headers are the app's doing.
        if (error.validationContext === 'params') message = BROKEN_LINK_MESSAGE;
        else if (error.validationContext === 'headers') message = messageFor('request.invalid');
        // A schema may name its own code for an issue (shared codedIssue): 400 `stations.near_malformed` rather than `request.invalid`.
        const coded = (first?.params as { params?: { errorCode?: unknown } } | undefined)?.params?.errorCode;
        if (typeof coded === 'string' && isErrorCode(coded) && ERROR_STATUS[coded] === 400) {
          return reply.status(400).send({ error: { code: coded, message, field, requestId } });
        }
        return reply.status(400).send({ error: { code: 'request.invalid', message, field, requestId } });
      }

      if (isResponseSerializationError(error)) {
        request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
        return reply.status(500).send({ error: { code: 'server.internal', message: messageFor('server.internal'), requestId } });
      }

      const status = error.statusCode ?? 500;
      if (status === 413) return sendCode(reply, 'request.body_too_large', requestId);
      if (status === 415) return sendCode(reply, 'request.unsupported_media_type', requestId);
      if (status === 429) return sendCode(reply, 'request.rate_limited', requestId);
      if (status === 503) return sendCode(reply, 'server.unavailable', requestId);
      if (status >= 400 && status < 500) {
        const malformed = error instanceof SyntaxError || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY';
        return sendCode(reply, malformed ? 'request.malformed_json' : 'request.invalid', requestId);
      }

      // Every database connection busy for longer than the pool waits: overload, shed as 503 (retry later), not a bug.
      if (error.message === 'timeout exceeded when trying to connect') {
        request.log.warn({ err: error }, 'database pool exhausted');
        reply.header('retry-after', '1');
        return sendCode(reply, 'server.unavailable', requestId);
      }
      // The database is restarting or unreachable: nothing was wrong with the request, send it again shortly.
      if (isDatabaseUnavailable(error)) {
        request.log.warn({ err: error }, 'database unavailable');
        reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S));
        return sendCode(reply, 'server.unavailable', requestId);
      }
      request.log.error({ err: error }, 'unhandled error');
      return sendCode(reply, 'server.internal', requestId);
    });

    app.setNotFoundHandler((request, reply) => sendCode(reply, 'request.not_found', request.id));
  },
  { name: 'error-handler' },
);

function sendCode(reply: import('fastify').FastifyReply, code: ErrorCode, requestId: string) {
  return reply.status(ERROR_STATUS[code]).send({ error: { code, message: messageFor(code), requestId } });
}

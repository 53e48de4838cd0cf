import { z } from 'zod';
import { ERROR_MESSAGES, type ErrorCode } from './errors';

/**
 * A validation issue that carries its own error code: the server's error handler answers with
 * `code` instead of the generic `request.invalid` (see server/src/plugins/error-handler.ts).
 */
export function codedIssue(code: ErrorCode, message: string = ERROR_MESSAGES[code]) {
  return { code: 'custom' as const, message, params: { errorCode: code } };
}

const INTEGER = /^\d{1,9}$/;

/** `limit` in a query: an integer 1..max, else 400 `request.invalid_limit` (0, -1 and 10^9 included). */
export function limitParam(max = 100, fallback = 20) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return fallback;
      const n = INTEGER.test(raw) ? Number(raw) : NaN;
      if (!Number.isInteger(n) || n < 1 || n > max) {
        ctx.addIssue(codedIssue('request.invalid_limit', `每页条数应为 1 到 ${max} 之间的整数`));
        return z.NEVER;
      }
      return n;
    })
    .meta({ description: `1-${max}, default ${fallback}` });
}

/** `offset` in a query: an integer 0..max, else 400 `request.invalid_offset`. */
export function offsetParam(max = 2000) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return 0;
      const n = INTEGER.test(raw) ? Number(raw) : NaN;
      if (!Number.isInteger(n) || n < 0 || n > max) {
        ctx.addIssue(codedIssue('request.invalid_offset', `翻页位置应为 0 到 ${max} 之间的整数`));
        return z.NEVER;
      }
      return n;
    })
    .meta({ description: `0-${max}, default 0` });
}

const cursorParts = z.tuple([z.iso.datetime({ offset: true }), z.uuid()]);

/**
 * `before` in a query: the `createdAt|id` of the last row a newest-first list showed; the next page starts after it.
 * Both halves must be what they claim (a real time, a real id), else 400 with `message`.
 */
export function cursorParam(message = '翻页位置不正确') {
  return z
    .string()
    .max(80, { error: message })
    .regex(/^[\dTZ:.+-]+\|[0-9a-f-]{36}$/, { error: message })
    .refine((v) => cursorParts.safeParse(v.split('|')).success, { error: message })
    .optional();
}

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

const cursorParts = z.tuple([z.iso.datetime(), z.uuid()]);
/** PostgreSQL's timestamptz takes these years; a cursor is a time the server itself wrote (1970 on). */
const cursorYearOk = (at: string) => Number(at.slice(0, 4)) >= 1970;

/**
 * `before` in a query: the `createdAt|id` of the last row a newest-first list showed (a UTC time to the microsecond,
 * as the server writes it); the next page starts after it. Anything else, including a time PostgreSQL would refuse,
 * is a 400 with `message`.
 */
export function cursorParam(message = '翻页位置不正确') {
  return z
    .string()
    .max(80, { error: message })
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z\|[0-9a-f-]{36}$/, { error: message })
    .refine((v) => cursorParts.safeParse(v.split('|')).success && cursorYearOk(v), { error: message })
    .optional();
}

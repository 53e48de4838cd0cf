import { ERROR_STATUS, messageFor, type ErrorCode } from '@union/shared';

/**
 * A failure the client can act on. Only known codes can be thrown; each code's status is fixed in
 * `shared/src/errors.ts`. The error handler turns it into `{ error: { code, message, field? } }`.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly field?: string;
  readonly extra?: Record<string, unknown>;

  constructor(code: ErrorCode, options: { message?: string; field?: string; extra?: Record<string, unknown> } = {}) {
    super(options.message ?? messageFor(code));
    this.name = 'AppError';
    this.code = code;
    this.statusCode = ERROR_STATUS[code];
    this.field = options.field;
    this.extra = options.extra;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** drizzle wraps driver errors; the SQLSTATE sits on `cause` (STACK.md pitfall 6). */
export function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function pgConstraint(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const c = (current as { constraint?: unknown }).constraint;
    if (typeof c === 'string') return c;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown) => pgErrorCode(error) === '23505';

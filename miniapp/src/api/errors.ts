import { ERROR_MESSAGES, type ErrorCode } from '@union/shared';

/** Failures that never reached the server's error handler: no answer, a body we cannot read, or a bug. */
export type ClientErrorCode = 'network.failed' | 'response.invalid' | 'client.unknown';
/** Every code a page can see on an ApiError: the server's shared codes and the client's own. */
export type ApiErrorCode = ErrorCode | ClientErrorCode;

export const NETWORK_ERROR_MESSAGE = '网络连接失败，请检查网络后重试';
export const BAD_RESPONSE_MESSAGE = '服务返回的数据有误，请稍后重试';
export const UNKNOWN_ERROR_MESSAGE = '出了点问题，请稍后重试';

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, code);
}

/** A code this build does not know (a newer server) keeps its message but matches nothing. */
export function toApiErrorCode(code: string): ApiErrorCode {
  return isErrorCode(code) ? code : 'client.unknown';
}

/** Every failure a page sees: the server's stable `code` and Chinese `message`, or a client-side one. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  /** HTTP status; 0 when the request never got an answer, -1 for a failure inside the app. */
  readonly status: number;
  /** The request field the server blamed, e.g. 'code' or 'phone'. */
  readonly field: string | undefined;
  readonly requestId: string | undefined;
  /** Extra fields the server sent with this code, e.g. { orgName, canTransfer } for members.already_member. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ApiErrorCode, message: string, status: number, field?: string, requestId?: string, details: Record<string, unknown> = {}) {
    super(message);
    // Transpiled subclasses of Error lose their prototype on some runtimes; restore it so instanceof works.
    Object.setPrototypeOf(this, ApiError.prototype);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.field = field;
    this.requestId = requestId;
    this.details = details;
  }

  get isNetwork(): boolean {
    return this.code === 'network.failed';
  }
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError('client.unknown', UNKNOWN_ERROR_MESSAGE, -1);
}

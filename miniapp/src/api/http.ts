import Taro from '@tarojs/taro';
import type { z } from 'zod';
import { errorBodySchema, messageFor, tokenPairSchema, type ErrorCode } from '@union/shared';
import { ApiError, BAD_RESPONSE_MESSAGE, NETWORK_ERROR_MESSAGE, toApiErrorCode, type ApiErrorCode } from './errors';
import { takePrefetched } from './prefetched';
import { clearSession, getSession, replaceTokens, signInRequired } from './session';

/** '/api/v1' on H5 (same origin as the server); an absolute URL on weapp. Inlined at build time. */
export const API_BASE: string = process.env.TARO_APP_API_BASE;

const TIMEOUT_MS = 15_000;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions<T> {
  method?: Method;
  /** Path under the API base, e.g. '/auth/sms'. */
  path: string;
  query?: Query;
  /** A function is called for each attempt, so a retry after a token refresh can send fresh values. */
  body?: unknown;
  /** Every success body is parsed with this; use z.undefined() for 204. */
  schema: z.ZodType<T>;
  /**
   * true (default): attach the access token, refresh it once on expiry and announce
   * `signInRequired` when the session is gone. false: anonymous endpoints (SMS, login, refresh).
   */
  auth?: boolean;
  /** With auth: announce `signInRequired` when the session turns out to be gone (default true). */
  loginOnAuthFailure?: boolean;
  /** Extra request headers, e.g. Idempotency-Key (the same on a retry after a token refresh). */
  headers?: Record<string, string>;
  /** How long to wait for the answer (default 15 s); an import of a whole city's file takes longer. */
  timeoutMs?: number;
}

interface RawResponse {
  statusCode: number;
  data: unknown;
}

function buildUrl(path: string, query?: Query): string {
  const pairs = Object.entries(query ?? {})
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return `${API_BASE}${path}${pairs.length ? `?${pairs.join('&')}` : ''}`;
}

async function send(
  method: Method,
  url: string,
  body: unknown,
  accessToken?: string,
  extra?: Record<string, string>,
  timeout = TIMEOUT_MS,
): Promise<RawResponse> {
  // An anonymous GET the start-up script already sent (the stall event of a join link): its answer, once.
  const early = method === 'GET' && !accessToken && !extra ? takePrefetched(url) : undefined;
  if (early) {
    try {
      return await early;
    } catch {
      // That fetch failed or timed out: ask again, as if there had been none.
    }
  }
  const header: Record<string, string> = { ...extra, Accept: 'application/json' };
  if (body !== undefined) header['Content-Type'] = 'application/json';
  if (accessToken) header.Authorization = `Bearer ${accessToken}`;
  try {
    const res = await Taro.request({
      url,
      method,
      header,
      timeout,
      dataType: 'json',
      ...(body !== undefined ? { data: body as TaroGeneral.IAnyObject } : {}),
    });
    return { statusCode: res.statusCode, data: res.data as unknown };
  } catch {
    throw new ApiError('network.failed', NETWORK_ERROR_MESSAGE, 0);
  }
}

function errorFromResponse(res: RawResponse): ApiError {
  const parsed = errorBodySchema.safeParse(res.data);
  if (parsed.success) {
    const { code, message, field, requestId } = parsed.data.error;
    // The schema keeps only the common keys; codes such as members.already_member carry more.
    const raw = (res.data as { error: Record<string, unknown> }).error;
    const details: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
      if (!['code', 'message', 'field', 'requestId'].includes(key)) details[key] = value;
    }
    return new ApiError(toApiErrorCode(code), message || messageFor(code), res.statusCode, field, requestId, details);
  }
  // No JSON error body: a proxy or gateway answered, not our server.
  const code: ErrorCode = res.statusCode === 429 ? 'request.rate_limited' : res.statusCode >= 500 ? 'server.unavailable' : 'server.internal';
  return new ApiError(code, messageFor(code), res.statusCode);
}

let refreshing: Promise<boolean> | null = null;

/**
 * One refresh at a time: concurrent 401s share it. A request that failed with an older access
 * token than the stored one just retries, so a rotated refresh token is never spent twice.
 */
function refreshOnce(usedAccessToken: string): Promise<boolean> {
  const current = getSession();
  if (!current) return Promise.resolve(false);
  if (current.accessToken !== usedAccessToken) return Promise.resolve(true);
  if (refreshing) return refreshing;
  refreshing = (async () => {
    const res = await send('POST', buildUrl('/auth/refresh'), { refreshToken: current.refreshToken });
    if (res.statusCode < 200 || res.statusCode >= 300) return false;
    const pair = tokenPairSchema.safeParse(res.data);
    if (!pair.success) return false;
    replaceTokens(pair.data);
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

const REFRESHABLE: readonly ApiErrorCode[] = ['auth.token_expired', 'auth.token_invalid'];

export async function request<T>(options: RequestOptions<T>): Promise<T> {
  const method = options.method ?? 'GET';
  const url = buildUrl(options.path, options.query);
  const useAuth = options.auth !== false;

  // WeChat sends Content-Type: application/json on every POST, and an empty JSON body is a 400:
  // actions without a body (approve, withdraw, live ticket) send {}.
  const bodyOf = () => {
    const body = typeof options.body === 'function' ? (options.body as () => unknown)() : options.body;
    return body === undefined && method !== 'GET' ? {} : body;
  };

  const token = useAuth ? getSession()?.accessToken : undefined;
  let res = await send(method, url, bodyOf(), token, options.headers, options.timeoutMs);

  if (useAuth && res.statusCode === 401) {
    const first = errorFromResponse(res);
    if (token && REFRESHABLE.includes(first.code) && (await refreshOnce(token))) {
      res = await send(method, url, bodyOf(), getSession()?.accessToken, options.headers, options.timeoutMs);
    }
    if (res.statusCode === 401) {
      clearSession();
      if (options.loginOnAuthFailure !== false) signInRequired();
      throw errorFromResponse(res);
    }
  }

  if (res.statusCode < 200 || res.statusCode >= 300) throw errorFromResponse(res);

  // weapp hands back '' and H5 null for an empty body.
  const data = res.statusCode === 204 || res.data === '' || res.data === null ? undefined : res.data;
  const parsed = options.schema.safeParse(data);
  if (!parsed.success) {
    if (process.env.NODE_ENV !== 'production') {
      console.warn(`[api] ${method} ${options.path}: unexpected response`, parsed.error.issues);
    }
    throw new ApiError('response.invalid', BAD_RESPONSE_MESSAGE, res.statusCode);
  }
  return parsed.data;
}

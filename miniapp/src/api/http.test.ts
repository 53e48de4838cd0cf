import { z } from 'zod';
import Taro, { request as taroRequest, type MockRequest } from '../../test/taro';
import { ApiError } from './errors';
import { request } from './http';
import { PREFETCHED_AT_KEY, PREFETCHED_KEY } from './prefetched';
import { getSession, onSignInRequired, saveSession } from './session';

type Reply = { statusCode: number; data: unknown };
const ok = (data: unknown): Reply => ({ statusCode: 200, data });
const fail = (statusCode: number, code: string, message = '出错了'): Reply => ({ statusCode, data: { error: { code, message } } });
const pair = (n: number) => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn: 900 });
const meSchema = z.object({ id: z.string() });

/** The server as a function of each request; every call is recorded. */
function server(answer: (req: MockRequest) => Reply | Promise<Reply>) {
  const calls: MockRequest[] = [];
  taroRequest.mockImplementation(async (req) => {
    calls.push(req);
    return answer(req);
  });
  return calls;
}

const bearer = (req: MockRequest) => req.header?.Authorization?.replace('Bearer ', '');
const path = (req: MockRequest) => req.url.replace('/api/v1', '');

let signInPrompts: number;
let unsubscribe: () => void;

beforeEach(() => {
  Taro.clearStorage();
  taroRequest.mockReset();
  saveSession(pair(1), null);
  signInPrompts = 0;
  unsubscribe = onSignInRequired(() => signInPrompts++);
});
afterEach(() => unsubscribe());

describe('the API client refreshes an expired access token', () => {
  it('refreshes once for requests that fail together, retries each with the new token and keeps the rotated pair', async () => {
    let releaseRefresh!: () => void;
    const refreshHeld = new Promise<void>((resolve) => (releaseRefresh = resolve));
    const calls = server(async (req) => {
      if (path(req) === '/auth/refresh') {
        await refreshHeld;
        return (req.data as { refreshToken: string }).refreshToken === 'refresh-1' ? ok(pair(2)) : fail(401, 'auth.refresh_invalid');
      }
      return bearer(req) === 'access-2' ? ok({ id: path(req) }) : fail(401, 'auth.token_expired');
    });

    const both = Promise.all([request({ path: '/a', schema: meSchema }), request({ path: '/b', schema: meSchema })]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    releaseRefresh();

    expect(await both).toEqual([{ id: '/a' }, { id: '/b' }]);
    expect(calls.filter((c) => path(c) === '/auth/refresh')).toHaveLength(1);
    expect(getSession()).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
    expect(signInPrompts).toBe(0);
  });

  it('retries without refreshing when another request already rotated the token', async () => {
    const calls = server((req) => (bearer(req) === 'access-2' ? ok({ id: 'me' }) : fail(401, 'auth.token_expired')));
    // Sent with access-1; by the time the 401 arrives the stored pair is already the new one.
    taroRequest.mockImplementationOnce(async (req) => {
      calls.push(req);
      saveSession(pair(2), null);
      return fail(401, 'auth.token_expired');
    });

    await expect(request({ path: '/me', schema: meSchema })).resolves.toEqual({ id: 'me' });
    expect(calls.map(path)).toEqual(['/me', '/me']);
  });

  it('clears the session and asks the app to open the login page when the refresh token is no good', async () => {
    server((req) => (path(req) === '/auth/refresh' ? fail(401, 'auth.refresh_invalid') : fail(401, 'auth.token_expired', '登录已过期，请重新登录')));

    const error = await request({ path: '/me', schema: meSchema }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'auth.token_expired', status: 401, message: '登录已过期，请重新登录' });
    expect(getSession()).toBeNull();
    expect(signInPrompts).toBe(1);
  });

  it('does not refresh for a 401 that is not about an expired token, and stays quiet when asked to', async () => {
    const calls = server(() => fail(401, 'auth.required'));

    await expect(request({ path: '/live/ticket', schema: meSchema, loginOnAuthFailure: false })).rejects.toMatchObject({ code: 'auth.required' });
    expect(calls.map(path)).toEqual(['/live/ticket']);
    expect(getSession()).toBeNull();
    expect(signInPrompts).toBe(0);
  });
});

describe('the API client reports failures with typed codes', () => {
  it("keeps the server's message and field for a known code", async () => {
    server(() => ({ statusCode: 400, data: { error: { code: 'auth.code_invalid', message: '验证码错误，请重新输入', field: 'code' } } }));
    await expect(request({ path: '/auth/login', schema: meSchema, auth: false })).rejects.toMatchObject({
      code: 'auth.code_invalid',
      field: 'code',
      message: '验证码错误，请重新输入',
    });
  });

  it('turns a code this build does not know into client.unknown, with the message still shown', async () => {
    server(() => fail(409, 'events.some_new_rule', '新规则的说明'));
    await expect(request({ path: '/x', schema: meSchema })).rejects.toMatchObject({ code: 'client.unknown', status: 409, message: '新规则的说明' });
  });

  it('names a lost connection, a gateway page and an unreadable body', async () => {
    taroRequest.mockRejectedValueOnce(new Error('request:fail'));
    await expect(request({ path: '/x', schema: meSchema })).rejects.toMatchObject({ code: 'network.failed', status: 0, isNetwork: true });

    server(() => ({ statusCode: 502, data: '<html>Bad Gateway</html>' }));
    await expect(request({ path: '/x', schema: meSchema })).rejects.toMatchObject({ code: 'server.unavailable', status: 502 });

    server(() => ok({ unexpected: true }));
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    await expect(request({ path: '/x', schema: meSchema })).rejects.toMatchObject({ code: 'response.invalid' });
    warn.mockRestore();
  });
});

describe("the API client takes the answer the start-up script already asked for (a stall link's event)", () => {
  const store = globalThis as unknown as Record<string, Record<string, Promise<Reply>> | number | undefined>;
  /** As the start-up script leaves it: the answer by URL, and when it asked (`askedAt`, default now). */
  const prefetched = (url: string, answer: Promise<Reply>, askedAt = Date.now()) => {
    store[PREFETCHED_KEY] = { ...(store[PREFETCHED_KEY] as Record<string, Promise<Reply>> | undefined), [url]: answer };
    store[PREFETCHED_AT_KEY] = askedAt;
  };
  afterEach(() => {
    delete store[PREFETCHED_KEY];
    delete store[PREFETCHED_AT_KEY];
  });

  it('drops an answer older than a minute (the page came back later) and asks the server', async () => {
    const calls = server(() => ok({ id: 'from the server' }));
    prefetched('/api/v1/events/XJKQSQ26', Promise.resolve(ok({ id: 'prefetched' })), Date.now() - 61_000);
    await expect(request({ path: '/events/XJKQSQ26', schema: meSchema, auth: false })).resolves.toEqual({ id: 'from the server' });
    expect(calls).toHaveLength(1);
    expect(store[PREFETCHED_KEY]).toBeUndefined();
  });

  it('uses it once for the same anonymous GET, and asks the server the next time', async () => {
    const calls = server(() => ok({ id: 'from the server' }));
    prefetched('/api/v1/events/XJKQSQ26', Promise.resolve(ok({ id: 'prefetched' })));
    await expect(request({ path: '/events/XJKQSQ26', schema: meSchema, auth: false })).resolves.toEqual({ id: 'prefetched' });
    expect(calls).toHaveLength(0);
    await expect(request({ path: '/events/XJKQSQ26', schema: meSchema, auth: false })).resolves.toEqual({ id: 'from the server' });
    expect(calls).toHaveLength(1);
  });

  it('reads an error answer as it would its own, and asks itself when the early fetch failed', async () => {
    const calls = server(() => ok({ id: 'from the server' }));
    prefetched('/api/v1/events/GONE2024', Promise.resolve(fail(404, 'events.not_found', '入会活动不存在')));
    await expect(request({ path: '/events/GONE2024', schema: meSchema, auth: false })).rejects.toMatchObject({ code: 'events.not_found', status: 404 });
    prefetched('/api/v1/events/XJKQSQ26', Promise.reject(new Error('Failed to fetch')));
    await expect(request({ path: '/events/XJKQSQ26', schema: meSchema, auth: false })).resolves.toEqual({ id: 'from the server' });
    expect(calls).toHaveLength(1);
  });

  it('leaves it for requests that differ: another URL, a signed-in request, another method', async () => {
    const calls = server(() => ok({ id: 'from the server' }));
    prefetched('/api/v1/events/XJKQSQ26', Promise.resolve(ok({ id: 'prefetched' })));
    await request({ path: '/events/OTHER123', schema: meSchema, auth: false });
    await request({ path: '/events/XJKQSQ26', schema: meSchema });
    await request({ method: 'POST', path: '/events/XJKQSQ26', schema: meSchema, auth: false });
    expect(calls.map((c) => `${c.method} ${path(c)}`)).toEqual(['GET /events/OTHER123', 'GET /events/XJKQSQ26', 'POST /events/XJKQSQ26']);
    await expect(request({ path: '/events/XJKQSQ26', schema: meSchema, auth: false })).resolves.toEqual({ id: 'prefetched' });
  });
});

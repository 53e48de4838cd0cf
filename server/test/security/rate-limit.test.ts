import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import Redis from 'ioredis';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { RATE_LIMIT_RULES, ruleFor } from '../../src/plugins/rate-limit-rules';
import Fastify from 'fastify';
import { buildApp } from '../../src/app';
import { authPlugin } from '../../src/plugins/auth';
import { errorHandlerPlugin } from '../../src/plugins/error-handler';
import { rateLimitPlugin } from '../../src/plugins/rate-limit';
import { buildTestApp, createTestDatabase, login, testConfig, type TestApp } from '../helpers';

/** The real numbers: every test here runs with the multiplier the helpers raise put back to 1. */
const REAL = { RATE_LIMIT_MULTIPLIER: '1' };

/** Sends requests until one answers 429 (or `cap` is reached); returns how many passed before it. */
async function passedBefore429(send: (i: number) => Promise<LightMyRequestResponse>, cap = 1000) {
  for (let i = 0; i < cap; i++) {
    const res = await send(i);
    if (res.statusCode === 429) return { passed: i, refused: res };
  }
  return { passed: cap, refused: undefined };
}

const sms = (app: FastifyInstance, i: number, remoteAddress: string, extra: InjectOptions = {}) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/sms', payload: { phone: `135${String(i).padStart(8, '0')}` }, remoteAddress, ...extra });

function expectRateLimited(res: LightMyRequestResponse | undefined, windowSeconds: number) {
  expect(res).toBeDefined();
  expect(res!.statusCode).toBe(429);
  const retryAfter = Number(res!.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  const error = res!.json().error;
  expect(error).toMatchObject({ code: 'request.rate_limited', message: '操作太频繁，请稍后再试', retryAfter, requestId: res!.headers['x-request-id'] });
}

describe('rate limits at their real defaults (memory store)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: REAL });
  });
  afterAll(() => t.close());

  it('has a route for every entry of the table', () => {
    for (const rule of Object.values(RATE_LIMIT_RULES)) {
      for (const route of rule.routes) {
        const [method, url] = route.split(' ') as [string, string];
        expect({ route, registered: t.app.hasRoute({ method: method as 'POST', url }) }).toEqual({ route, registered: true });
      }
    }
  });

  it('lets 10 SMS requests a minute through from one address, then answers 429 with Retry-After; another address is not affected', async () => {
    const { passed, refused } = await passedBefore429((i) => sms(t.app, i, '198.51.100.1'));
    expect(passed).toBe(10);
    expectRateLimited(refused, 60);
    expect((await sms(t.app, 999, '198.51.100.2')).statusCode).toBe(200);
  });

  it('counts SMS and WeChat logins together: 20 a minute per address', async () => {
    const ip = '198.51.100.3';
    const { passed, refused } = await passedBefore429((i) =>
      i % 2
        ? t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone: '13500000001', code: '000000' }, remoteAddress: ip })
        : t.app.inject({ method: 'POST', url: '/api/v1/auth/wechat', payload: { code: 'invalid-code' }, remoteAddress: ip }),
    );
    expect(passed).toBe(20);
    expectRateLimited(refused, 60);
  });

  it('counts requests refused for a bad body too, so malformed floods are limited', async () => {
    const { passed } = await passedBefore429(() =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{', headers: { 'content-type': 'application/json' }, remoteAddress: '198.51.100.4' }),
    );
    expect(passed).toBe(20);
  });

  it('limits refresh to 60 a minute per address', async () => {
    const { passed, refused } = await passedBefore429(() =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: 'x'.repeat(40) }, remoteAddress: '198.51.100.5' }),
    );
    expect(passed).toBe(60);
    expectRateLimited(refused, 60);
  });

  it('limits application submissions per account (10 a minute) whatever address they come from', async () => {
    const me = await login(t.app, '13500001001', '198.51.100.6');
    const { passed, refused } = await passedBefore429((i) =>
      t.app.inject({ method: 'POST', url: '/api/v1/applications', headers: me.auth, payload: { name: '李' }, remoteAddress: `203.0.113.${i + 1}` }),
    );
    expect(passed).toBe(10);
    expectRateLimited(refused, 60);
    // Another account is not affected.
    const other = await login(t.app, '13500001002', '198.51.100.7');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/applications', headers: other.auth, payload: { name: '李' } })).statusCode).toBe(400);
  });

  it('limits reveals of full ID and phone numbers to 30 an hour per staff account', async () => {
    const staff = await login(t.app, '13800000001', '198.51.100.8');
    const { passed, refused } = await passedBefore429((i) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/staff/applications/${randomUUID()}/reveal`,
        headers: staff.auth,
        payload: { field: 'idNumber', reason: '核对身份' },
        remoteAddress: `203.0.114.${i + 1}`,
      }),
    );
    expect(passed).toBe(30);
    expectRateLimited(refused, 3600);
  });

  it('limits live tickets to 10 a minute per account', async () => {
    const me = await login(t.app, '13500001003', '198.51.100.9');
    const { passed, refused } = await passedBefore429(() => t.app.inject({ method: 'POST', url: '/api/v1/live/ticket', headers: me.auth }));
    expect(passed).toBe(10);
    expectRateLimited(refused, 60);
  });

  it('limits every other write: 60 a minute per account, 300 a minute per address even before sign-in', async () => {
    const staff = await login(t.app, '13800000002', '198.51.100.10');
    const perAccount = await passedBefore429((i) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/staff/orgs/${randomUUID()}`,
        headers: staff.auth,
        payload: { autoApprove: false },
        remoteAddress: `203.0.115.${i + 1}`,
      }),
    );
    expect(perAccount.passed).toBe(60);
    expectRateLimited(perAccount.refused, 60);

    const perAddress = await passedBefore429(() => t.app.inject({ method: 'POST', url: '/api/v1/staff/events', payload: {}, remoteAddress: '198.51.100.11' }));
    expect(perAddress.passed).toBe(300);
    expectRateLimited(perAddress.refused, 60);
  });

  it('leaves reads alone', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 400; i++) statuses.add((await t.app.inject({ method: 'GET', url: '/api/v1/orgs?limit=1', remoteAddress: '198.51.100.12' })).statusCode);
    expect([...statuses]).toEqual([200]);
  });
});

describe('every write route is limited, including ones added later', () => {
  let t: TestApp;
  // Two requests per window for every rule, so each route can be driven to 429 in three calls.
  const tight = Object.keys(RATE_LIMIT_RULES)
    .map((name) => `${name}.ip=2/60`)
    .join(',');
  beforeAll(async () => {
    t = await buildTestApp({ env: { ...REAL, RATE_LIMITS: tight } });
  });
  afterAll(() => t.close());

  it('answers 429 on the third unauthenticated call of every POST, PUT, PATCH and DELETE in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const writes: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        if (['post', 'put', 'patch', 'delete'].includes(method)) writes.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(writes.length).toBeGreaterThanOrEqual(15);
    const notLimited: string[] = [];
    let n = 0;
    for (const op of writes) {
      const [method, path] = op.split(' ') as [string, string];
      const url = path.replace(/\{[^}]+\}/g, randomUUID());
      // A fresh address per route: routes sharing a rule share its counter.
      const remoteAddress = `192.0.2.${++n}`;
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await t.app.inject({ method: method as 'POST', url, payload: {}, remoteAddress })).statusCode);
      if (statuses[0] === 429 || statuses[1] === 429 || statuses[2] !== 429) notLimited.push(`${op}: ${statuses.join(',')}`);
    }
    expect(notLimited).toEqual([]);
  });

  it('limits a write route registered after the plugin, which no table names', async () => {
    const app = Fastify({ logger: false });
    await app.register(errorHandlerPlugin);
    await app.register(authPlugin, { jwt: t.config.jwt, sessions: { isRevoked: () => false }, holdsRole: async () => false });
    await app.register(rateLimitPlugin, { config: testConfig({ ...REAL, RATE_LIMITS: 'write.ip=2/60' }).rateLimit });
    app.delete('/api/v1/some/future/:id', async () => ({ ok: true }));
    app.get('/api/v1/some/future/:id', async () => ({ ok: true }));
    await app.ready();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await app.inject({ method: 'DELETE', url: '/api/v1/some/future/1' })).statusCode);
      expect(statuses).toEqual([200, 200, 429]);
      expect((await app.inject({ method: 'GET', url: '/api/v1/some/future/1' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('gives a route no rule names the default write rule', () => {
    expect(ruleFor('DELETE', '/api/v1/some/future/:id')).toBe('write');
    expect(ruleFor('POST', '/api/v1/auth/sms')).toBe('sms');
    expect(ruleFor('GET', '/api/v1/me')).toBeUndefined();
  });
});

describe('a window ends', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { ...REAL, RATE_LIMITS: 'sms.ip=2/1' } });
  });
  afterAll(() => t.close());

  it('lets the address in again once Retry-After has passed', async () => {
    expect((await sms(t.app, 1, '198.51.100.20')).statusCode).toBe(200);
    expect((await sms(t.app, 2, '198.51.100.20')).statusCode).toBe(200);
    const refused = await sms(t.app, 3, '198.51.100.20');
    expectRateLimited(refused, 1);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await sms(t.app, 4, '198.51.100.20')).statusCode).toBe(200);
  });
});

describe('behind a proxy (TRUST_PROXY)', () => {
  const PROXY = '10.0.0.5';
  /** What a load balancer sends: whatever the client wrote, then the address it saw. */
  const viaProxy = (app: FastifyInstance, i: number, client: string, forged: string, requestId: string) =>
    sms(app, i, PROXY, { headers: { 'x-forwarded-for': `${forged}, ${client}`, 'x-request-id': requestId } });

  function loggedIp(t: TestApp, requestId: string): string | undefined {
    for (const line of t.logs().split('\n')) {
      if (!line.includes(requestId)) continue;
      const entry = JSON.parse(line) as { reqId?: string; req?: { remoteAddress?: string } };
      if (entry.reqId === requestId && entry.req?.remoteAddress) return entry.req.remoteAddress;
    }
    return undefined;
  }

  for (const setting of ['1', '10.0.0.0/8']) {
    describe(`TRUST_PROXY=${setting}`, () => {
      let t: TestApp;
      beforeAll(async () => {
        t = await buildTestApp({ env: { ...REAL, TRUST_PROXY: setting } });
      });
      afterAll(() => t.close());

      it('takes the client address the proxy appended; a forged X-Forwarded-For changes nothing', async () => {
        const ids: string[] = [];
        const { passed, refused } = await passedBefore429((i) => {
          ids.push(`forged-xff-${setting.length}-${i}-${randomUUID()}`);
          return viaProxy(t.app, i, '203.0.113.50', `6.6.6.${i}, 7.7.7.${i}`, ids[i]!);
        });
        expect(passed).toBe(10);
        expectRateLimited(refused, 60);
        expect(ids.slice(0, 3).map((id) => loggedIp(t, id))).toEqual(['203.0.113.50', '203.0.113.50', '203.0.113.50']);
        // A different client behind the same proxy has its own allowance.
        expect((await viaProxy(t.app, 500, '203.0.113.51', '203.0.113.50', `other-client-${randomUUID()}`)).statusCode).toBe(200);
      });
    });
  }

  describe('TRUST_PROXY unset', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp({ env: REAL });
    });
    afterAll(() => t.close());

    it('ignores X-Forwarded-For entirely', async () => {
      const id = `no-proxy-${randomUUID()}`;
      await viaProxy(t.app, 1, '203.0.113.50', '6.6.6.6', id);
      expect(loggedIp(t, id)).toBe(PROXY);
    });
  });
});

/** Redis on 127.0.0.1:6379 (REDIS_TEST_URL to change); skipped with a note when none answers (global-setup.ts probes it). */
const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const redisUp = process.env.UNION_TEST_REDIS_UP === '1';
const onRedis = redisUp ? it : it.skip;

describe('Redis store', () => {
  const prefix = `union:rl:test:${randomUUID().slice(0, 8)}:`;
  let a: TestApp | undefined;
  let b: TestApp | undefined;
  let redis: Redis | undefined;
  beforeAll(async () => {
    // Runs only when a test below runs, so only with Redis up.
    const env = { ...REAL, REDIS_URL, RATE_LIMIT_PREFIX: prefix };
    a = await buildTestApp({ env });
    b = await buildTestApp({ env });
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    if (redis) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
    await a?.close();
    await b?.close();
  });

  onRedis('shares the counters between two instances, with the window as the key expiry', async () => {
    const { passed, refused } = await passedBefore429((i) => sms(i % 2 ? b!.app : a!.app, i, '198.51.100.30'));
    expect(passed).toBe(10);
    expectRateLimited(refused, 60);
    const keys = await redis!.keys(`${prefix}*`);
    const key = keys.find((k) => k.endsWith('sms:ip:198.51.100.30'));
    expect(key).toBeDefined();
    expect(Number(await redis!.get(key!))).toBe(11);
    const ttl = await redis!.pttl(key!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  onRedis('refuses to start when REDIS_URL does not answer, naming the variable', async () => {
    const database = await createTestDatabase();
    try {
      await expect(buildApp({ config: testConfig({ ...REAL, REDIS_URL: 'redis://127.0.0.1:1' }), database, logStream: new PassThrough() })).rejects.toThrow(
        /REDIS_URL: cannot connect/,
      );
    } finally {
      await database.close();
    }
  });
});

import { buildApp } from '../../app';
import { buildTestApp, createTestDatabase, testConfig, type TestApp } from '../../../test/helpers';

describe('health, readiness and the API surface', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('answers liveness and readiness with the database driver in use', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/api/v1/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: 'up', driver: t.database.driver, stations: 'database', listen: 'up' });
  });

  it('publishes OpenAPI at /docs/json listing the routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/health',
        '/api/v1/ready',
        '/api/v1/auth/sms',
        '/api/v1/auth/login',
        '/api/v1/auth/wechat',
        '/api/v1/auth/refresh',
        '/api/v1/auth/logout',
        '/api/v1/me',
        '/api/v1/orgs',
      ]),
    );
    const ui = await t.app.inject({ method: 'GET', url: '/docs' });
    expect([200, 302]).toContain(ui.statusCode);
  });

  it('answers unknown routes with a JSON 404 and a stable code', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'request.not_found', message: '请求的内容不存在' });
  });

  it("redirects a stall's short link /j/CODE to its join page, and a malformed one to the home page", async () => {
    const short = await t.app.inject({ method: 'GET', url: '/j/xjkqsq26' });
    expect(short.statusCode).toBe(302);
    expect(short.headers.location).toBe('/#/pages/join/index?event=XJKQSQ26');
    const bad = await t.app.inject({ method: 'GET', url: '/j/no%20code' });
    expect(bad.statusCode).toBe(302);
    expect(bad.headers.location).toBe('/');
  });

  it('sets security headers and echoes a request id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health', headers: { 'x-request-id': 'stall-req-12345' } });
    expect(res.headers['x-request-id']).toBe('stall-req-12345');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBeDefined();
  });

  it('allows CORS only for the configured H5 dev origin', async () => {
    const ok = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/orgs',
      headers: { origin: 'http://localhost:10086', 'access-control-request-method': 'GET' },
    });
    expect(ok.headers['access-control-allow-origin']).toBe('http://localhost:10086');
    const other = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/orgs',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('API docs', () => {
  it('are not served when docs are not public (production by default), though the document is still built', async () => {
    const database = await createTestDatabase();
    const app = await buildApp({ config: { ...testConfig({ LOG_LEVEL: 'silent' }), docsPublic: false }, database });
    try {
      await app.ready();
      for (const url of ['/docs', '/docs/json', '/docs/static/index.html']) {
        const res = await app.inject({ method: 'GET', url });
        expect([url, res.statusCode, res.json().error?.code]).toEqual([url, 404, 'request.not_found']);
      }
      // The OpenAPI document itself is still generated: the security suites walk it.
      expect(Object.keys((app.swagger() as { paths: object }).paths)).toContain('/api/v1/health');
    } finally {
      await app.close();
      await database.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('turns readiness to 503 when shutdown begins, while an in-flight request still finishes', async () => {
    const database = await createTestDatabase();
    const app = await buildApp({ config: testConfig({ LOG_LEVEL: 'silent' }), database });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    app.get('/slow-for-test', async () => {
      await gate;
      return { done: true };
    });
    await app.ready();

    const inFlight = app.inject({ method: 'GET', url: '/slow-for-test' });
    await new Promise((r) => setTimeout(r, 20));
    app.beginShutdown();
    const ready = await app.inject({ method: 'GET', url: '/api/v1/ready' });
    const closing = app.close();
    release();
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'not_ready', draining: true });
    // While draining, every answer closes its keep-alive connection: the client's next request opens a new one,
    // which the load balancer (seeing readiness 503) sends to another instance.
    expect(ready.headers.connection).toBe('close');
    expect((await inFlight).json()).toEqual({ done: true });
    await closing;
    await database.close();
  });
});

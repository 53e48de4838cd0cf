import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { lazyChildLogger, loggerOptions } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      cb();
    },
  });
  return { lines, stream };
}

async function appWith(level: string) {
  const { lines, stream } = capture();
  const app = Fastify({ logger: loggerOptions(level, stream), childLoggerFactory: lazyChildLogger });
  app.get('/quiet', async (request) => {
    request.log.debug({ phone: '13812345678' }, 'not at this level');
    return { ok: true };
  });
  app.get('/loud', async (request) => {
    request.log.warn({ phone: '13812345678', nested: { token: 'secret-token' } }, 'member 13812345678 waited');
    request.log.child({ step: 'inner' }).error('inner failure');
    return { ok: true };
  });
  app.get('/route-level', { logLevel: 'error' }, async (request) => {
    request.log.warn('below the route level');
    request.log.error('at the route level');
    return { ok: true };
  });
  await app.ready();
  // Fastify's own request lines ('incoming request', 'request completed') go through the same loggers.
  const own = new Set(['incoming request', 'request completed']);
  return { app, lines: lines, ours: () => lines.filter((l) => !own.has(l.msg as string)) };
}

describe('request logger made on first write', () => {
  it('writes what the request logs with its request id, redacted as before, and nothing below the level', async () => {
    const { app, lines, ours } = await appWith('info');
    await app.inject({ method: 'GET', url: '/quiet' });
    expect(ours()).toEqual([]);
    // Fastify's request lines at info carry the request id as before.
    expect(lines.map((l) => [l.msg, typeof l.reqId])).toEqual([
      ['incoming request', 'string'],
      ['request completed', 'string'],
    ]);

    const res = await app.inject({ method: 'GET', url: '/loud' });
    expect(res.statusCode).toBe(200);
    expect(ours()).toHaveLength(2);
    const [warn, inner] = ours();
    expect(warn).toMatchObject({
      level: 40,
      reqId: expect.any(String),
      phone: '138****5678',
      nested: { token: '[redacted]' },
      msg: 'member 138****5678 waited',
    });
    expect(inner).toMatchObject({ level: 50, reqId: warn!.reqId, step: 'inner', msg: 'inner failure' });
    await app.close();
  });

  it("keeps a route's own log level", async () => {
    const { app, lines } = await appWith('info');
    await app.inject({ method: 'GET', url: '/route-level' });
    // Not even Fastify's own info lines: the route's level is error.
    expect(lines.map((l) => l.msg)).toEqual(['at the route level']);
    await app.close();
  });

  it('writes nothing when the level is silent', async () => {
    const { app, lines } = await appWith('silent');
    await app.inject({ method: 'GET', url: '/loud' });
    expect(lines).toEqual([]);
    await app.close();
  });
});

import type { FastifyInstance } from 'fastify';
import { buildSecondInstance, buildTestApp, claimsOf, json, login, type TestApp } from '../../../test/helpers';
import { endsWithin, openStream, ticketFor, type Stream } from '../../../test/live-stream';
import { notifyGrantsChanged } from './live.streams';

describe('live tickets and streams', () => {
  let t: TestApp;
  const open: Stream[] = [];
  const stream = async (app: FastifyInstance, ticket: string) => {
    const s = await openStream(app, ticket);
    open.push(s);
    return s;
  };
  beforeAll(async () => {
    t = await buildTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });
  afterAll(() => t.close());

  it('issues a one-minute ticket bound to the account and its session', async () => {
    const s = await login(t.app, '13800000001');
    const res = json(await t.app.inject({ method: 'POST', url: '/api/v1/live/ticket', headers: s.auth }));
    const claims = claimsOf(res.ticket);
    expect((claims.exp as number) - (claims.iat as number)).toBe(60);
    expect(res.expiresIn).toBe(60);
    expect(claims).toMatchObject({ sub: s.account.id, typ: 'live', sid: claimsOf(s.accessToken).sid, iss: 'union-app', aud: 'union-app' });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('opens one stream per ticket: a replayed ticket is refused', async () => {
    const s = await login(t.app, '13800000003');
    const ticket = await ticketFor(t.app, s.auth);
    expect((await stream(t.app, ticket)).status).toBe(200);
    const replay = await stream(t.app, ticket);
    expect(replay.status).toBe(401);
    expect(replay.code).toBe('live.ticket_used');
  });

  it('lets a ticket raced on two instances open exactly one stream', async () => {
    const other = await buildSecondInstance(t);
    try {
      await other.app.listen({ port: 0, host: '127.0.0.1' });
      const s = await login(t.app, '13800000004');
      for (let round = 0; round < 5; round++) {
        const ticket = await ticketFor(t.app, s.auth);
        const results = await Promise.all([stream(t.app, ticket), stream(other.app, ticket), stream(t.app, ticket), stream(other.app, ticket)]);
        expect(results.filter((r) => r.status === 200)).toHaveLength(1);
        expect(results.filter((r) => r.code === 'live.ticket_used')).toHaveLength(3);
        for (const r of results) r.close();
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      for (const s of open.splice(0)) s.close();
      await other.close();
    }
  });

  it('caps an account at 3 open streams; closing one frees a place', async () => {
    const s = await login(t.app, '13800000002');
    const streams = [];
    for (let i = 0; i < 3; i++) streams.push(await stream(t.app, await ticketFor(t.app, s.auth)));
    expect(streams.map((x) => x.status)).toEqual([200, 200, 200]);
    const fourth = await stream(t.app, await ticketFor(t.app, s.auth));
    expect(fourth.status).toBe(429);
    expect(fourth.code).toBe('live.too_many_streams');
    // Another account is not affected.
    const other = await login(t.app, '13800000006');
    expect((await stream(t.app, await ticketFor(t.app, other.auth))).status).toBe(200);
    streams[0]!.close();
    await new Promise((r) => setTimeout(r, 100));
    expect((await stream(t.app, await ticketFor(t.app, s.auth))).status).toBe(200);
  });

  it('ends the session’s streams at logout, and refuses its unused tickets', async () => {
    const s = await login(t.app, '13800000005');
    const live = await stream(t.app, await ticketFor(t.app, s.auth));
    const unused = await ticketFor(t.app, s.auth);
    expect(live.status).toBe(200);
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: s.auth });
    expect(await endsWithin(live, 2_000)).toBe(true);
    const late = await stream(t.app, unused);
    expect(late.status).toBe(401);
    expect(late.code).toBe('auth.session_revoked');
  });

  it('ends an account’s streams on every instance when its grants change, and only that account’s', async () => {
    const other = await buildSecondInstance(t);
    try {
      await other.app.listen({ port: 0, host: '127.0.0.1' });
      const changed = await login(t.app, '13800000000');
      const bystander = await login(t.app, '13900000002');
      const here = await stream(t.app, await ticketFor(t.app, changed.auth));
      const there = await stream(other.app, await ticketFor(t.app, changed.auth));
      const untouched = await stream(t.app, await ticketFor(t.app, bystander.auth));
      await t.database.db.transaction((tx) => notifyGrantsChanged(tx, changed.account.id));
      expect(await endsWithin(here, 2_000)).toBe(true);
      expect(await endsWithin(there, 2_000)).toBe(true);
      expect(await endsWithin(untouched, 300)).toBe(false);
      // The client reconnects with a new ticket (and so the new scope).
      expect((await stream(t.app, await ticketFor(t.app, changed.auth))).status).toBe(200);
    } finally {
      for (const s of open.splice(0)) s.close();
      await other.close();
    }
  });
});

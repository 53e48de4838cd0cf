import { Writable } from 'node:stream';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app';
import { openDatabase, type DatabaseHandle, type ListenOptions } from '../src/db/client';
import { buildTestApp, createTestDatabase, json, login, testConfig, type TestApp } from './helpers';

/**
 * What an instance does while its database is away: answers 503 with Retry-After instead of 500, says so in
 * readiness, survives a backend killed under a transaction, gets its LISTEN connection back however long the
 * outage, and catches up on what it missed meanwhile. The whole story (kill -9 under load, restart) is in the
 * fault suite (scripts/fault); these are the pieces, on both drivers where they apply.
 */
const onRealPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;
const discard = () => new Writable({ write: (_chunk, _enc, cb) => cb() });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(ms: number, check: () => boolean | Promise<boolean>): Promise<boolean> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return true;
    await sleep(25);
  }
  return false;
}

async function databaseName(database: DatabaseHandle): Promise<string> {
  const result = (await database.db.execute(sql`select current_database() as name`)) as unknown as { rows: { name: string }[] };
  return result.rows[0]!.name;
}

/** A superuser connection beside the app's, to do to its database what an outage does. */
async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('while the database is unreachable', () => {
  it('answers 503 server.unavailable with Retry-After for every kind of connection failure, never 500', async () => {
    const database = await createTestDatabase();
    const app = await buildApp({ config: testConfig({ LOG_LEVEL: 'silent' }), database, logStream: discard() });
    // What pg and drizzle throw when the server goes away: drizzle wraps the driver's error in `cause`.
    const failures: Record<string, () => Error> = {
      refused: () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      reset: () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      terminated: () => new Error('Connection terminated unexpectedly'),
      adminShutdown: () =>
        new Error('Failed query: insert into claims', {
          cause: Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
        }),
      startingUp: () => Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      poolTimeout: () => new Error('timeout exceeded when trying to connect'),
      notQueryable: () => new Error('Failed query: select 1', { cause: new Error('Client has encountered a connection error and is not queryable') }),
    };
    for (const [name, make] of Object.entries(failures)) {
      app.get(`/fail-for-test/${name}`, async () => {
        throw make();
      });
    }
    app.get('/fail-for-test/bug', async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'id')");
    });
    await app.ready();
    for (const name of Object.keys(failures)) {
      const res = await app.inject({ method: 'GET', url: `/fail-for-test/${name}` });
      expect({ name, status: res.statusCode, code: res.json().error.code }).toEqual({ name, status: 503, code: 'server.unavailable' });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    // A real bug is still a 500: only the database being away is a 503.
    const bug = await app.inject({ method: 'GET', url: '/fail-for-test/bug' });
    expect(bug.statusCode).toBe(500);
    expect(bug.headers['retry-after']).toBeUndefined();
    await app.close();
    await database.close();
  });

  it('turns readiness to 503 while the database does not answer or the LISTEN connection is down, and back', async () => {
    const database = await createTestDatabase();
    let pingOk = true;
    let listening = true;
    const watched: DatabaseHandle = { ...database, ping: async () => pingOk && database.ping(), listening: () => listening && database.listening() };
    const app = await buildApp({ config: testConfig({ LOG_LEVEL: 'silent' }), database: watched, logStream: discard() });
    await app.ready();
    const ready = async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/ready' });
      return { status: res.statusCode, body: res.json() };
    };
    expect(await ready()).toMatchObject({ status: 200, body: { status: 'ready', database: 'up', listen: 'up' } });
    pingOk = false;
    expect(await ready()).toMatchObject({ status: 503, body: { status: 'not_ready', database: 'down' } });
    pingOk = true;
    listening = false;
    expect(await ready()).toMatchObject({ status: 503, body: { status: 'not_ready', database: 'up', listen: 'down' } });
    listening = true;
    expect(await ready()).toMatchObject({ status: 200, body: { status: 'ready' } });
    await app.close();
    await database.close();
  });

  onRealPostgres('answers readiness 503 within its ping timeout when nothing listens on the database port', async () => {
    const gone = await openDatabase({ driver: 'pg', url: 'postgres://postgres@127.0.0.1:9/none', poolWaitMs: 500 });
    expect(await gone.ping(500)).toBe(false);
    expect(gone.listening()).toBe(true); // nothing subscribed yet: nothing to miss
    await gone.close();
  });

  onRealPostgres('load balancers probing /ready together cost one database connection a second, not one each', async () => {
    const database = await createTestDatabase();
    const connect = pg.Client.prototype.connect;
    let pings = 0;
    const spy = jest.spyOn(pg.Client.prototype, 'connect').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      if ((this as unknown as { connectionParameters: { application_name?: string } }).connectionParameters.application_name === 'union-ping') pings++;
      return (connect as unknown as (...a: unknown[]) => Promise<void>).apply(this, args);
    } as unknown as typeof connect);
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, () => database.ping()));
      expect(answers.every(Boolean)).toBe(true);
      expect(pings).toBe(1);
    } finally {
      spy.mockRestore();
      await database.close();
    }
  });

  onRealPostgres('survives the backend of a transaction in flight being killed, and answers that request 503', async () => {
    const t = await buildTestApp({ seed: false });
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let backendPid = 0;
      await t.app.close(); // the routes of this test need an app not yet ready: build one on the same database
      const app = await buildApp({ config: t.config, database: t.database, logStream: discard() });
      app.get('/hold-for-test', async () =>
        t.database.db.transaction(async (tx) => {
          const r = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as { rows: { pid: number }[] };
          backendPid = r.rows[0]!.pid;
          await gate;
          await tx.execute(sql`select 1`);
          return { done: true };
        }),
      );
      await app.ready();
      const answer = app.inject({ method: 'GET', url: '/hold-for-test' });
      expect(await until(5_000, () => backendPid > 0)).toBe(true);
      // Killed while idle in its transaction: pg emits 'error' on the checked-out client, which pg-pool does not
      // listen to; without a listener of our own that is an uncaught exception and the process shuts down.
      await admin((c) => c.query('select pg_terminate_backend($1)', [backendPid]));
      await sleep(300);
      release();
      const res = await answer;
      expect(uncaught).toEqual([]);
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('server.unavailable');
      expect(res.headers['retry-after']).toBeDefined();
      // And the pool serves the next request on a new connection.
      const next = (await t.database.db.execute(sql`select 2 as two`)) as unknown as { rows: { two: number }[] };
      expect(next.rows[0]!.two).toBe(2);
      await app.close();
    } finally {
      process.off('uncaughtException', onUncaught);
      await t.database.close();
    }
  });

  onRealPostgres('gets its LISTEN connection back after an outage much longer than a second, and says when it is back', async () => {
    const database = await createTestDatabase();
    const name = await databaseName(database);
    const received: string[] = [];
    let resubscribed = 0;
    const unlisten = await database.listen('outage_test', (p) => received.push(p), { onResubscribed: () => resubscribed++ });
    expect(database.listening()).toBe(true);
    try {
      // The database refuses new connections for 2.5 s, and the LISTEN connection is cut: every reconnect meanwhile fails.
      await admin(async (c) => {
        await c.query(`alter database "${name}" allow_connections false`);
        await c.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = 'union-listen'`, [name]);
      });
      expect(await until(5_000, () => !database.listening())).toBe(true);
      await sleep(2_500);
      expect(database.listening()).toBe(false);
      await admin((c) => c.query(`alter database "${name}" allow_connections true`));
      expect(await until(10_000, () => database.listening())).toBe(true);
      expect(resubscribed).toBe(1);
      await database.db.execute(sql`select pg_notify('outage_test', 'after the outage')`);
      expect(await until(5_000, () => received.includes('after the outage'))).toBe(true);
    } finally {
      await admin((c) => c.query(`alter database "${name}" allow_connections true`));
      await unlisten();
      await database.close();
    }
  });
});

describe('catching up after the LISTEN connection was lost', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('a logout on one instance while the other could not hear it is refused by the other once it reconnects', async () => {
    // Instance B's LISTEN connection "goes down": notifications for it are dropped, as they are while it reconnects.
    let deaf = false;
    const reconnects: (() => void)[] = [];
    let database: DatabaseHandle = { ...t.database, close: async () => undefined };
    if (t.database.driver === 'pg') {
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${await databaseName(t.database)}`;
      database = await openDatabase({ driver: 'pg', url: url.toString(), poolSize: 5 });
    }
    const underlying = database;
    const lossy: DatabaseHandle = {
      ...underlying,
      listen: (channel: string, onPayload: (payload: string) => void, options?: ListenOptions) => {
        if (options?.onResubscribed) reconnects.push(options.onResubscribed);
        return underlying.listen(channel, (payload) => (deaf ? undefined : onPayload(payload)), options);
      },
    };
    const b = await buildApp({ config: t.config, database: lossy, logStream: discard() });
    await b.ready();
    try {
      const s = await login(t.app, '13700000777');
      const me = () => b.inject({ method: 'GET', url: '/api/v1/me', headers: s.auth });
      expect((await me()).statusCode).toBe(200);

      deaf = true;
      expect(
        (await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: s.auth, payload: { refreshToken: s.refreshToken } })).statusCode,
      ).toBeLessThan(300);
      await sleep(300);
      // B did not hear it (its periodic reload is 30 s away).
      expect((await me()).statusCode).toBe(200);

      // The connection is back: every subscriber re-reads what it may have missed.
      deaf = false;
      expect(reconnects.length).toBeGreaterThan(0);
      for (const resubscribed of reconnects) resubscribed();
      expect(await until(2_000, async () => (await me()).statusCode === 401)).toBe(true);
      expect(json(await me()).error.code).toBe('auth.session_revoked');
    } finally {
      await b.close();
      await database.close();
    }
  });
});

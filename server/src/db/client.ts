import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
/**
 * One type for both drivers and for transactions: repositories take this. The database layer knows
 * no feature: queries name their tables, and drizzle-kit finds the tables by their files.
 */
export type Database = PgDatabase<PgQueryResultHKT>;

export type DatabaseConfig = { driver: 'pglite'; dataDir?: string; loadDataDir?: Blob } | { driver: 'pg'; url: string; poolSize?: number; poolWaitMs?: number };

export interface DatabaseHandle {
  db: Database;
  driver: 'pglite' | 'pg';
  /**
   * Runs fn on a connection that holds a session-level advisory lock (serialises migrations across instances); on
   * PostgreSQL a connection of its own with no statement timeout (a migration may rebuild a rollup for minutes).
   */
  withLock<T>(lockId: number, fn: (db: Database) => Promise<T>): Promise<T>;
  /** True when a trivial query answers within `timeoutMs` (default 1 s): the database is reachable now. */
  ping(timeoutMs?: number): Promise<boolean>;
  /**
   * LISTEN on a channel; NOTIFY from any instance (sent inside a transaction: on commit) arrives here. The
   * connection comes back by itself after the database restarts; notifications sent while it was away are lost,
   * so `onResubscribed` runs after every reconnect for the subscriber to re-read what it may have missed.
   */
  listen(channel: string, onPayload: (payload: string) => void, options?: ListenOptions): Promise<() => Promise<void>>;
  /** False while the LISTEN connection is down (between a database outage and its reconnect). */
  listening(): boolean;
  close(): Promise<void>;
}

export interface ListenOptions {
  /** Called after the LISTEN connection came back from an outage (not on the first connect). */
  onResubscribed?: () => void;
}

const drizzleOptions = { casing: 'snake_case' } as const;

/**
 * Contrib extensions the migrations create: PGlite loads them only when passed at creation
 * (`extensions`, from `@electric-sql/pglite/contrib/<name>`); PostgreSQL has the same contrib set installed. Loaded with import(): their package exports
 * declare ES-module types only, so the CommonJS production build (`npm run build`) cannot `require` them.
 */
async function pgliteExtensions() {
  const [{ cube }, { earthdistance }] = await Promise.all([import('@electric-sql/pglite/contrib/cube'), import('@electric-sql/pglite/contrib/earthdistance')]);
  return { cube, earthdistance };
}

export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.driver === 'pglite') {
    if (config.dataDir) fs.mkdirSync(path.dirname(config.dataDir), { recursive: true });
    const client = await PGlite.create({ dataDir: config.dataDir, loadDataDir: config.loadDataDir, extensions: await pgliteExtensions() });
    const db = drizzlePglite(client, drizzleOptions) as unknown as Database;
    return {
      db,
      driver: 'pglite',
      // PGlite is a single in-process connection: nothing else can race a migration.
      withLock: (_lockId, fn) => fn(db),
      ping: async () => {
        try {
          await client.query('select 1');
          return true;
        } catch {
          return false;
        }
      },
      listening: () => !client.closed,
      listen: async (channel, onPayload) => {
        const unlisten = await client.listen(channel, onPayload);
        return async () => {
          if (!client.closed) await unlisten();
        };
      },
      close: async () => {
        if (!client.closed) await client.close();
      },
    };
  }

  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? 20,
    // How long a request waits for a free connection before it is shed (503).
    connectionTimeoutMillis: config.poolWaitMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 10_000,
    // The server ends a statement after 10 s; this ends the wait on a connection whose server vanished without a
    // reset (a failover to another address), and keepalive notices such a dead socket when nothing is in flight.
    query_timeout: 15_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: 'union-server',
    // Short statements only: JIT compiling a plan the planner overrates (tables just bulk-loaded, stats not yet
    // gathered) costs 50 ms or more and never pays back on an index lookup.
    options: '-c jit=off',
  });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => undefined);
  // Nor one checked out for a transaction: pg-pool listens for errors only while a client is idle, so a backend
  // killed mid-transaction would emit 'error' with no listener, an uncaught exception. The query in flight
  // fails on its own (and the request answers 503); the dead client is dropped when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = drizzlePg(pool, drizzleOptions) as unknown as Database;
  const listener = createPgListener(config.url);
  let lastPing: { at: number; result: Promise<boolean> } | undefined;
  return {
    db,
    driver: 'pg',
    // A connection of its own, without the pool's timeouts: a migration may take minutes on a city's data (a rollup
    // rebuilt); a request's 10 seconds are no limit for it.
    withLock: async (lockId, fn) => {
      const client = new pg.Client({ connectionString: config.url, application_name: 'union-migrate', options: '-c jit=off' });
      client.on('error', () => undefined);
      await client.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [lockId]);
        return await fn(drizzlePg(client, drizzleOptions) as unknown as Database);
      } finally {
        await client.query('select pg_advisory_unlock($1)', [lockId]).catch(() => undefined);
        await client.end().catch(() => undefined);
      }
    },
    ping: (timeoutMs = 1_000) => {
      // Every prober of every load balancer asks /ready; each answer costs a new PostgreSQL backend, so probes within
      // a second share one.
      const at = Date.now();
      if (lastPing && at - lastPing.at < PING_REUSE_MS) return lastPing.result;
      lastPing = { at, result: pingOnce(config.url, timeoutMs) };
      return lastPing.result;
    },
    listen: (channel, onPayload, options) => listener.listen(channel, onPayload, options),
    listening: () => listener.healthy(),
    close: async () => {
      await listener.close();
      await pool.end();
    },
  };
}

/** How long a ping's answer stands for the next probes. */
const PING_REUSE_MS = 1_000;

/** A trivial query on a connection of its own, not the pool's: a pool waiting out its connect timeout would hold /ready. */
async function pingOnce(url: string, timeoutMs: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, application_name: 'union-ping', connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    client.end().catch(() => undefined);
  }
}

interface Subscription {
  channel: string;
  onPayload: (payload: string) => void;
  options?: ListenOptions;
}

/** Reconnect delays after the LISTEN connection is lost: quick at first, then every half second (a refused connect costs nothing). */
export const LISTEN_BACKOFF_MS = [100, 250, 500] as const;

/**
 * One dedicated connection carries every LISTEN of this instance. When it is lost (the database restarted, the
 * network dropped) it reconnects with backoff until closed, LISTENs again on every channel, then tells each
 * subscriber to catch up: a NOTIFY sent while no one listened is gone for good.
 */
function createPgListener(url: string) {
  const subscriptions = new Set<Subscription>();
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let healthy = false;
  let stopped = false;
  let attempt = 0;
  let everConnected = false;
  /** A connection was lost or refused since the last one: notifications may have been missed. */
  let missed = false;
  let retryTimer: NodeJS.Timeout | undefined;

  const quote = (channel: string) => `"${channel.replace(/"/g, '')}"`;

  const scheduleReconnect = () => {
    if (stopped || retryTimer) return;
    const delay = LISTEN_BACKOFF_MS[Math.min(attempt, LISTEN_BACKOFF_MS.length - 1)]!;
    attempt++;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, delay);
    retryTimer.unref();
  };

  const lost = (c: pg.Client) => {
    if (client !== c) return;
    client = undefined;
    healthy = false;
    missed = true;
    c.end().catch(() => undefined);
    scheduleReconnect();
  };

  const connect = (): Promise<void> => {
    if (connecting) return connecting;
    connecting = (async () => {
      const c = new pg.Client({
        connectionString: url,
        application_name: 'union-listen',
        connectionTimeoutMillis: 5_000,
        keepAlive: true,
        keepAliveInitialDelayMillis: 10_000,
      });
      c.on('notification', (msg) => {
        if (!msg.payload) return;
        for (const s of subscriptions) if (s.channel === msg.channel) s.onPayload(msg.payload);
      });
      c.on('error', () => lost(c));
      c.on('end', () => lost(c));
      try {
        await c.connect();
        for (const channel of new Set([...subscriptions].map((s) => s.channel))) await c.query(`listen ${quote(channel)}`);
      } catch {
        c.removeAllListeners('end');
        c.on('error', () => undefined);
        c.end().catch(() => undefined);
        missed = true;
        scheduleReconnect();
        return;
      }
      if (stopped) {
        await c.end().catch(() => undefined);
        return;
      }
      client = c;
      healthy = true;
      attempt = 0;
      const resubscribed = missed;
      missed = false;
      everConnected = true;
      if (resubscribed) for (const s of subscriptions) s.options?.onResubscribed?.();
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  return {
    healthy: () => healthy || (!everConnected && subscriptions.size === 0),
    async listen(channel: string, onPayload: (payload: string) => void, options?: ListenOptions) {
      const subscription: Subscription = { channel, onPayload, options };
      subscriptions.add(subscription);
      if (connecting) await connecting;
      if (client) await client.query(`listen ${quote(channel)}`).catch(() => undefined);
      else if (!retryTimer) await connect();
      // Down at start: the reconnect loop keeps trying, and readiness says so meanwhile.
      return async () => {
        subscriptions.delete(subscription);
        if (client && ![...subscriptions].some((s) => s.channel === channel)) await client.query(`unlisten ${quote(channel)}`).catch(() => undefined);
      };
    },
    async close() {
      stopped = true;
      clearTimeout(retryTimer);
      if (connecting) await connecting.catch(() => undefined);
      const c = client;
      client = undefined;
      healthy = false;
      await c?.end().catch(() => undefined);
    },
  };
}

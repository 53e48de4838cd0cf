import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
/**
 * One type for both drivers and for transactions: repositories take this. The database layer knows
 * no feature: queries name their tables, and drizzle-kit finds the tables by their files.
 */
export type Database = PgDatabase<PgQueryResultHKT>;

export type DatabaseConfig =
  | { driver: 'pglite'; dataDir?: string; loadDataDir?: Blob }
  | { driver: 'pg'; url: string; poolSize?: number; poolWaitMs?: number };

export interface DatabaseHandle {
  db: Database;
  driver: 'pglite' | 'pg';
  /** Runs fn on a connection that holds a session-level advisory lock (serialises migrations across instances). */
  withLock<T>(lockId: number, fn: (db: Database) => Promise<T>): Promise<T>;
  ping(): Promise<boolean>;
  /** LISTEN on a channel; NOTIFY from any instance (sent inside a transaction: on commit) arrives here. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const drizzleOptions = { casing: 'snake_case' } as const;

/**
 * Contrib extensions the migrations create: PGlite loads them only when passed at creation
 * (STACK.md §10); PostgreSQL has the same contrib set installed. Loaded with import(): their package exports
 * declare ES-module types only, so the CommonJS production build (`npm run build`) cannot `require` them.
 */
async function pgliteExtensions() {
  const [{ cube }, { earthdistance }] = await Promise.all([
    import('@electric-sql/pglite/contrib/cube'),
    import('@electric-sql/pglite/contrib/earthdistance'),
  ]);
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
    application_name: 'union-server',
    // Short statements only: JIT compiling a plan the planner overrates (tables just bulk-loaded, stats not yet
    // gathered) costs 50 ms or more and never pays back on an index lookup.
    options: '-c jit=off',
  });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool, drizzleOptions) as unknown as Database;
  return {
    db,
    driver: 'pg',
    withLock: async (lockId, fn) => {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [lockId]);
        return await fn(drizzlePg(client, drizzleOptions) as unknown as Database);
      } finally {
        await client.query('select pg_advisory_unlock($1)', [lockId]).catch(() => undefined);
        client.release();
      }
    },
    ping: async () => {
      try {
        await db.execute(sql`select 1`);
        return true;
      } catch {
        return false;
      }
    },
    listen: async (channel, onPayload) => listenPg(config.url, channel, onPayload),
    close: () => pool.end(),
  };
}

/** A dedicated connection for LISTEN that reconnects after a server restart. */
async function listenPg(url: string, channel: string, onPayload: (payload: string) => void) {
  let client: pg.Client | undefined;
  let stopped = false;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, application_name: 'union-listen' });
    c.on('notification', (msg) => {
      if (msg.channel === channel && msg.payload) onPayload(msg.payload);
    });
    c.on('error', () => {
      c.end().catch(() => undefined);
      if (!stopped) setTimeout(() => connect().catch(() => undefined), 1_000);
    });
    await c.connect();
    await c.query(`listen "${channel.replace(/"/g, '')}"`);
    client = c;
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
}

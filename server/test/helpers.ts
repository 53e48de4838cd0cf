import fs from 'node:fs';
import { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../src/app';
import { loadConfig, type Config } from '../src/config';
import { openDatabase, type DatabaseHandle } from '../src/db/client';
import { migrateDatabase } from '../src/db/migrate';
import { seedDemo } from '../src/seed/demo-seed';
import { createFieldCrypto } from '../src/lib/crypto';
import { idCheckChar } from '@union/shared';

/**
 * A fresh, migrated database for one test file: a copy of the migrated PGlite template, or a
 * new database on the server named by TEST_DATABASE_URL (dropped again on close), so files
 * running in parallel and repeated runs never see each other's rows.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const template = process.env.UNION_TEST_PGLITE_TEMPLATE;
    if (template && fs.existsSync(template)) {
      return openDatabase({ driver: 'pglite', loadDataDir: new Blob([fs.readFileSync(template)]) });
    }
    const handle = await openDatabase({ driver: 'pglite' });
    await migrateDatabase(handle);
    return handle;
  }
  const name = `union_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  // A long pool wait: the concurrency tests put hundreds of requests on one slot on a shared 2-core machine.
  const handle = await openDatabase({ driver: 'pg', url: dbUrl.toString(), poolSize: 30, poolWaitMs: 30_000 });
  await migrateDatabase(handle);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}

/**
 * Test files send many requests from one address, so the rate limits are raised a thousandfold;
 * the suite under test/security proves the real numbers with RATE_LIMIT_MULTIPLIER=1.
 */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', STATIC_DIR: '/nonexistent', RATE_LIMIT_MULTIPLIER: '1000',
    // PGlite runs queries on the test's own event loop: a long one must not read as overload.
    MAX_EVENT_LOOP_DELAY_MS: '0',
    // Nearest-station search from PostgreSQL unless a test loads the in-memory copy (stations.test.ts does both).
    STATIONS_MEMORY_MB: '0',
    ...overrides });
}

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  config: Config;
  /** Everything the app logged so far. */
  logs(): string;
  close(): Promise<void>;
}

/** The real app on a fresh database with the demo seed; logs captured for privacy assertions. */
export async function buildTestApp(options: Partial<Omit<AppOptions, 'database' | 'config'>> & { env?: Record<string, string>; seed?: boolean } = {}): Promise<TestApp> {
  const config = testConfig(options.env);
  const database = await createTestDatabase();
  if (options.seed !== false) await seedDemo(database.db, createFieldCrypto(config.crypto));
  const chunks: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  const app = await buildApp({ ...options, config, database, logStream });
  await app.ready();
  return {
    app,
    database,
    config,
    logs: () => chunks.join(''),
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/**
 * Another API instance on the same database, as a second server behind the load balancer would be:
 * on a real server with its own pool and LISTEN connections; on PGlite sharing the one in-process client.
 * Close it before the first instance, which drops the database.
 */
export async function buildSecondInstance(
  first: TestApp,
  options: Partial<Omit<AppOptions, 'database' | 'config'>> & { config?: Partial<Config>; pool?: { size: number; waitMs: number } } = {},
) {
  let database: DatabaseHandle = { ...first.database, close: async () => undefined };
  if (first.database.driver === 'pg') {
    const result = (await first.database.db.execute(sql`select current_database() as name`)) as unknown as { rows: { name: string }[] };
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${result.rows[0]!.name}`;
    database = await openDatabase({ driver: 'pg', url: url.toString(), poolSize: options.pool?.size ?? 10, poolWaitMs: options.pool?.waitMs });
  }
  const discard = new Writable({ write: (_chunk, _enc, cb) => cb() });
  const app = await buildApp({ ...options, config: { ...first.config, ...options.config }, database, logStream: discard });
  await app.ready();
  return {
    app,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export function json<T = any>(res: LightMyRequestResponse): T {
  return res.json() as T;
}

/** Logs in through the real SMS flow (development provider) and returns the tokens. */
export async function login(app: FastifyInstance, phone: string, ip = `10.${phone.slice(-6, -4)}.${phone.slice(-4, -2)}.${phone.slice(-2)}`) {
  const sms = await app.inject({ method: 'POST', url: '/api/v1/auth/sms', payload: { phone }, remoteAddress: ip });
  if (sms.statusCode !== 200) throw new Error(`sms failed: ${sms.statusCode} ${sms.body}`);
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone, code: sms.json().devCode } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const body = res.json() as { accessToken: string; refreshToken: string; account: { id: string } };
  return { ...body, auth: { authorization: `Bearer ${body.accessToken}` } };
}

/** A valid ID number for test person n (1-999): born March 1990, distinct sequence numbers. */
export function testIdNumber(n: number, birth = `199003${String(1 + (n % 28)).padStart(2, '0')}`): string {
  const first17 = `110102${birth}${String(n).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

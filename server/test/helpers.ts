import fs from 'node:fs';
import { Writable } from 'node:stream';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { PRIVACY_NOTICE_VERSION } from '@union/shared';
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
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    STATIC_DIR: '/nonexistent',
    RATE_LIMIT_MULTIPLIER: '1000',
    // PGlite runs queries on the test's own event loop: a long one must not read as overload.
    MAX_EVENT_LOOP_DELAY_MS: '0',
    // Nearest-station search from PostgreSQL unless a test loads the in-memory copy (stations.test.ts does both).
    STATIONS_MEMORY_MB: '0',
    ...overrides,
  });
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
export async function buildTestApp(
  options: Partial<Omit<AppOptions, 'database' | 'config'>> & { env?: Record<string, string>; seed?: boolean } = {},
): Promise<TestApp> {
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

/** Polls until check() is true or the time is up; returns how long it took, or -1. */
export async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 20));
  }
  return -1;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reads an answer loosely; its expectations are the shape check
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
/** A rider's application to `orgId`, signed in as `phone` with the made-up ID number `person`: the account and the application. */
export async function submitApplication(app: FastifyInstance, phone: string, person: number, orgId: string) {
  const who = await login(app, phone);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/applications',
    headers: who.auth,
    payload: {
      name: '赵大勇',
      idNumber: testIdNumber(person),
      employer: '美团',
      category: 'rider',
      workDistrict: '110102',
      orgId,
      consentVersion: PRIVACY_NOTICE_VERSION,
    },
  });
  if (res.statusCode !== 201) throw new Error(`application not accepted: ${res.statusCode} ${res.body}`);
  return { ...who, id: res.json().id as string };
}

export function testIdNumber(n: number, birth = `199003${String(1 + (n % 28)).padStart(2, '0')}`): string {
  const first17 = `110102${birth}${String(n).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/** The claims of a JWT, read without checking its signature. */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface TokenOptions {
  /** The JOSE header; HS256 by default. */
  header?: Record<string, unknown>;
  /** The HMAC key; the server's JWT secret by default. */
  key?: string;
  hash?: 'sha256' | 'sha384' | 'sha512';
}

/**
 * An access token as the server signs one at login (HS256 over the JWT secret; issuer, audience, a session id,
 * issued now, valid for the access lifetime), signed by hand so nothing of the library under test helps. `claims`
 * override those (give at least `sub`, the account id); a claim set to undefined is left out. The session is not in the database, so it counts as live.
 */
export function signAccessToken(config: Pick<Config, 'jwt'>, claims: Record<string, unknown>, options: TokenOptions = {}): string {
  const iat = Math.floor(Date.now() / 1000);
  const payload = { typ: 'access', sid: randomUUID(), iss: config.jwt.issuer, aud: config.jwt.audience, iat, exp: iat + config.jwt.accessTtl, ...claims };
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${b64(options.header ?? { alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${input}.${createHmac(options.hash ?? 'sha256', options.key ?? config.jwt.secret)
    .update(input)
    .digest('base64url')}`;
}

export interface TestMember {
  accountId: string;
  membershipId: string;
  memberNo: string;
  /** Authorization header with an access token for the member's account. */
  auth: { authorization: string };
}

/**
 * `n` active members of one union (its id, or its code such as 'xjk'), each with an account of its own, inserted
 * straight in SQL (the join flow has its own tests), with an access token each. Fast enough for hundreds.
 */
export async function createMembers(t: { database: DatabaseHandle; config: Pick<Config, 'jwt'> }, org: string, n = 1): Promise<TestMember[]> {
  const tag = randomUUID().slice(0, 8);
  const result = (await t.database.db.execute(sql`
    with o as (select id from orgs where id::text = ${org} or code = ${org}),
    a as (insert into accounts (id) select gen_random_uuid() from generate_series(1, ${n}) returning id),
    numbered as (select id, row_number() over () as n from a)
    insert into memberships (member_no, person_id_hash, account_id, org_id, status, name, gender, id_enc, phone_enc)
    select ${`T${tag}`} || n, ${`test-${tag}-`} || numbered.id, numbered.id, o.id, 'active', '李测试', 'male', 'x', 'x' from numbered, o
    returning id, account_id, member_no`)) as unknown as { rows: { id: string; account_id: string; member_no: string }[] };
  if (result.rows.length !== n) throw new Error(`createMembers: no union ${org}`);
  return result.rows.map((r) => ({
    accountId: r.account_id,
    membershipId: r.id,
    memberNo: r.member_no,
    auth: bearer(signAccessToken(t.config, { sub: r.account_id })),
  }));
}

/** One member of the union `org` (id or code); see createMembers. */
export async function createMember(t: { database: DatabaseHandle; config: Pick<Config, 'jwt'> }, org: string): Promise<TestMember> {
  return (await createMembers(t, org, 1))[0]!;
}

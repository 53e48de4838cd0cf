import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { ROOT_DIR, loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { DEMO_LOGINS, DEMO_ORGS } from '../seed/demo-seed';
import { DEMO_CLASSES } from '../seed/demo-classes';
import { DEMO_CONTESTANTS } from '../seed/contest-seed';
import { DEMO_SERVICES } from '../seed/demo-services';
import { runMigrate, runSeed, type Env } from './db';

/**
 * The operator commands against a database of their own: a new PGlite directory, or a new database
 * on the server named by TEST_DATABASE_URL (DATABASE_URL for the commands), dropped afterwards.
 */
const serverUrl = process.env.TEST_DATABASE_URL;
const onRealPostgres = serverUrl ? it : it.skip;

async function freshDatabase(): Promise<{ env: Env; close(): Promise<void> }> {
  if (!serverUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'union-cli-'));
    return { env: { NODE_ENV: 'test', PGLITE_DIR: path.join(dir, 'pglite') }, close: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `union_cli_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { env: { NODE_ENV: 'test', DATABASE_URL: url.toString() }, close: () => admin(`drop database if exists "${name}" with (force)`) };
}

/** What a user of the demo would notice: unions, logins, staff roles, the two members, the one card, the services. */
async function demoCounts(env: Env) {
  const handle = await openDatabase(loadConfig(env).database);
  try {
    const result = (await handle.db.execute(
      // Raw SQL on purpose: the tables' names are the contract here, not where their definitions live.
      sql`select
        (select count(*)::int from orgs) as orgs,
        (select count(*)::int from accounts) as accounts,
        (select count(*)::int from staff_grants) as grants,
        (select count(*)::int from memberships) as memberships,
        (select count(*)::int from service_cards) as cards,
        (select count(*)::int from services) as services`,
    )) as unknown as { rows: { orgs: number; accounts: number; grants: number; memberships: number; cards: number; services: number }[] };
    return result.rows[0]!;
  } finally {
    await handle.close();
  }
}

/** Migrations committed in migrations/ (drizzle-kit's journal). */
const committed = (JSON.parse(fs.readFileSync(path.join(ROOT_DIR, 'migrations', 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;

const expectedDemo = {
  orgs: DEMO_ORGS.length,
  // The contests' demo contestants are accounts without a phone, each with a membership.
  accounts: DEMO_LOGINS.length + DEMO_CONTESTANTS.length,
  grants: DEMO_LOGINS.reduce((n, login) => n + login.grants.length, 0),
  memberships: 2 + DEMO_CONTESTANTS.length,
  cards: 1,
  services: DEMO_SERVICES.length + DEMO_CLASSES.length,
};

describe(`operator commands on ${serverUrl ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('migrate then seed a new database; running either again changes nothing', async () => {
    const db = await freshDatabase();
    try {
      const log: string[] = [];
      const first = await runMigrate(db.env, (line) => log.push(line));
      expect(first).toEqual({ applied: committed, total: committed });
      expect(await runMigrate(db.env, (line) => log.push(line))).toEqual({ applied: 0, total: committed });
      expect(log.join('\n')).toContain('Already up to date');

      expect(await runSeed(db.env, (line) => log.push(line))).toEqual({ seeded: true });
      expect(await demoCounts(db.env)).toEqual(expectedDemo);
      expect(await runSeed(db.env, (line) => log.push(line))).toEqual({ seeded: false });
      expect(await demoCounts(db.env)).toEqual(expectedDemo);
      expect(log.join('\n')).toContain('nothing seeded');
    } finally {
      await db.close();
    }
    // Opens a new database six times and seeds it (2,200 rest stations among the rest): tens of seconds on a busy machine.
  }, 240_000);

  it('seed on a database that was never migrated says to migrate first', async () => {
    const db = await freshDatabase();
    try {
      await expect(runSeed(db.env, () => undefined)).rejects.toThrow('run `npm run db:migrate` first');
    } finally {
      await db.close();
    }
  });

  it('seed refuses production', async () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
      HMAC_KEY: Buffer.alloc(32, 2).toString('base64'),
      CODE_KEY: Buffer.alloc(32, 3).toString('base64'),
      SMS_PROVIDER: 'tencent',
      TENCENT_SECRET_ID: 'id',
      TENCENT_SECRET_KEY: 'key',
      TENCENT_SMS_SDK_APP_ID: '1400000000',
      TENCENT_SMS_SIGN_NAME: '工会',
      TENCENT_SMS_TEMPLATE_ID: '1',
      WECHAT_PROVIDER: 'wechat',
      WECHAT_APPID: 'wx0000000000000000',
      WECHAT_SECRET: 'secret',
      REALNAME_PROVIDER: 'tencent',
      OCR_PROVIDER: 'tencent',
      BANK_PROVIDER: 'http',
      BANK_APP_ID: 'app',
      BANK_APP_SECRET: 'bank-secret',
      CORS_ORIGINS: 'https://union.example',
      NOTIFY_CHANNELS: 'wechat',
      PGLITE_DIR: '/nonexistent/never-opened',
    };
    await expect(runSeed(production, () => undefined)).rejects.toThrow('Refusing to seed demo data with NODE_ENV=production');
  });

  // Several connections at once: a real server only (PGlite is one in-process connection).
  onRealPostgres('several hosts migrating and seeding at once apply each migration once and seed once', async () => {
    const db = await freshDatabase();
    try {
      const migrations = await Promise.all([1, 2, 3].map(() => runMigrate(db.env, () => undefined)));
      expect(migrations.map((m) => m.total)).toEqual([committed, committed, committed]);
      expect(migrations.reduce((n, m) => n + m.applied, 0)).toBe(committed);

      const seeds = await Promise.all([1, 2, 3].map(() => runSeed(db.env, () => undefined)));
      expect(seeds.filter((s) => s.seeded)).toHaveLength(1);
      expect(await demoCounts(db.env)).toEqual(expectedDemo);
    } finally {
      await db.close();
    }
  });

  it('`npm run db:migrate` and `npm run db:seed` work as the README says', async () => {
    const db = await freshDatabase();
    try {
      // Only what the commands need: no DATABASE_URL from the shell, no Jest NODE_OPTIONS.
      const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...db.env } as NodeJS.ProcessEnv;
      const npm = (script: string) =>
        spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', script], { cwd: ROOT_DIR, env, encoding: 'utf8', timeout: 60_000 });

      const migrate = npm('db:migrate');
      expect({ status: migrate.status, stderr: migrate.stderr.replace(/^npm warn.*\n/gm, '') }).toEqual({ status: 0, stderr: '' });
      expect(migrate.stdout).toMatch(/Applied \d+ migration\(s\)/);
      const seed = npm('db:seed');
      expect(seed.status).toBe(0);
      expect(seed.stdout).toContain('Demo data seeded');
      const again = npm('db:seed');
      expect(again.status).toBe(0);
      expect(again.stdout).toContain('nothing seeded');
      expect(await demoCounts(db.env)).toEqual(expectedDemo);
    } finally {
      await db.close();
    }
  }, 240_000);
});

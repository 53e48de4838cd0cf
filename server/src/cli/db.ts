import fs from 'node:fs';
import path from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { ConfigError, loadConfig, type Config } from '../config';
import { openDatabase, type DatabaseHandle } from '../db/client';
import { MIGRATIONS_DIR, migrateDatabase } from '../db/migrate';
import { seedDemo } from '../seed/demo-seed';
import { createFieldCrypto } from '../lib/crypto';

/** Serialises demo seeding across processes (migrateDatabase itself locks 727_001). */
const SEED_LOCK_ID = 727_002;
/** Serialises migrate commands, so each reports what it applied itself. */
const MIGRATE_COMMAND_LOCK_ID = 727_003;

export type Env = Record<string, string | undefined>;
export type Log = (line: string) => void;

/** A failure the operator can act on: printed without a stack trace. */
export class OperatorError extends Error {}

/** "PGlite (embedded) at …" or the PostgreSQL URL with its password hidden. */
export function describeDatabase(database: Config['database']): string {
  if (database.driver === 'pglite') return `PGlite (embedded) at ${database.dataDir}`;
  try {
    const url = new URL(database.url);
    if (url.password) url.password = '***';
    return `PostgreSQL ${url.toString()}`;
  } catch {
    return 'PostgreSQL postgres://…';
  }
}

/** How many migrations the committed journal holds. */
function committedMigrations(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

/** Rows of a raw query: both drivers (node-postgres and PGlite) answer with `{ rows }`. */
async function query<T>(handle: DatabaseHandle, statement: SQL): Promise<T[]> {
  return ((await handle.db.execute(statement)) as unknown as { rows: T[] }).rows;
}

async function appliedMigrations(handle: DatabaseHandle): Promise<number> {
  // drizzle's journal table appears with the first migration; a relation is resolved when the query is parsed.
  const [table] = await query<{ name: string | null }>(handle, sql`select to_regclass('drizzle.__drizzle_migrations')::text as name`);
  if (!table?.name) return 0;
  const [row] = await query<{ n: number }>(handle, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return Number(row?.n ?? 0);
}

async function withDatabase<T>(config: Config, fn: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase(config.database);
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

export interface MigrateResult {
  /** Migrations this run applied (0 when the database was already current). */
  applied: number;
  /** Migrations recorded in the database afterwards. */
  total: number;
}

/** `npm run db:migrate`: applies the committed migrations under an advisory lock; safe to run again or from several hosts at once. */
export async function runMigrate(env: Env = process.env, log: Log = console.log): Promise<MigrateResult> {
  const config = loadConfig(env);
  log(`Database: ${describeDatabase(config.database)}`);
  return withDatabase(config, async (handle) => {
    const { before, total, ms } = await handle.withLock(MIGRATE_COMMAND_LOCK_ID, async () => {
      const before = await appliedMigrations(handle);
      const started = Date.now();
      await migrateDatabase(handle);
      return { before, total: await appliedMigrations(handle), ms: Date.now() - started };
    });
    const applied = Math.max(0, total - before);
    const committed = committedMigrations();
    log(
      applied > 0
        ? `Applied ${applied} migration(s) in ${ms} ms; the database is at ${total} of ${committed}.`
        : `Already up to date: ${total} of ${committed} migrations applied.`,
    );
    return { applied, total };
  });
}

/** Seeds the demo data unless the database already holds unions; serialised so concurrent starts seed once. */
export async function seedDatabase(handle: DatabaseHandle, config: Config): Promise<{ seeded: boolean }> {
  const crypto = createFieldCrypto(config.crypto);
  return handle.withLock(SEED_LOCK_ID, (db) => seedDemo(db, crypto));
}

/** `npm run db:seed`: the Beijing demo data (unions, staff logins, one member). Running it again changes nothing. */
export async function runSeed(env: Env = process.env, log: Log = console.log): Promise<{ seeded: boolean }> {
  const config = loadConfig(env);
  // Configuration already refuses SEED_DEMO=true in production; this stops `npm run db:seed` there too.
  if (config.isProduction) {
    // The demo data includes staff logins with known phone numbers: never by accident on a live system.
    throw new OperatorError('Refusing to seed demo data with NODE_ENV=production: it creates staff logins with known phone numbers.');
  }
  log(`Database: ${describeDatabase(config.database)}`);
  return withDatabase(config, async (handle) => {
    const [tables] = await query<{ orgs: string | null }>(handle, sql`select to_regclass('orgs')::text as orgs`);
    if (!tables?.orgs) throw new OperatorError('The database has no tables yet: run `npm run db:migrate` first.');
    const result = await seedDatabase(handle, config);
    log(
      result.seeded
        ? 'Demo data seeded: unions, staff logins, one member and about 2,200 rest stations (see README, Demo logins).'
        : 'The database already holds unions: nothing seeded.',
    );
    return result;
  });
}

/** Runs a command as a process: exit code 0 on success, 1 with a readable message on failure. */
export function runAsProcess(command: () => Promise<unknown>): void {
  const finish = (code: number) => {
    // Let stdout drain (pipes are asynchronous on some platforms); a forgotten handle must not keep us alive.
    process.exitCode = code;
    setTimeout(() => process.exit(code), 2_000).unref();
  };
  command().then(
    () => finish(0),
    (error: unknown) => {
      console.error(error instanceof OperatorError || error instanceof ConfigError ? error.message : error);
      finish(1);
    },
  );
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { openDatabase } from '../src/db/client';
import { MIGRATIONS_DIR, migrateDatabase } from '../src/db/migrate';

/**
 * Migrating a new PGlite takes seconds; do it once per run and let every test file start from
 * a copy of the migrated data directory. With TEST_DATABASE_URL each file gets its own database instead.
 */
export default async function globalSetup() {
  // Whether the Redis store tests can run: decided before the test files load, so they are skipped, not passed empty.
  process.env.UNION_TEST_REDIS_UP = (await redisReachable(process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379')) ? '1' : '';
  if (process.env.TEST_DATABASE_URL) return;
  const handle = await openDatabase({ driver: 'pglite' });
  await migrateDatabase(handle);
  const pglite = (handle.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
  const dump = await pglite.dumpDataDir('none');
  const stamp = fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).length;
  const file = path.join(os.tmpdir(), `union-test-template-${process.pid}-${stamp}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env.UNION_TEST_PGLITE_TEMPLATE = file;
  await handle.close();
}

async function redisReachable(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1_000, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

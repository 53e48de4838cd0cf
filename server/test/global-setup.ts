import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/client';
import { MIGRATIONS_DIR, migrateDatabase } from '../src/db/migrate';

/**
 * Migrating a new PGlite takes seconds; do it once per run and let every test file start from
 * a copy of the migrated data directory. With TEST_DATABASE_URL each file gets its own database instead.
 */
export default async function globalSetup() {
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

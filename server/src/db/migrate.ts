import path from 'node:path';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { ROOT_DIR } from '../config';
import type { DatabaseHandle } from './client';

export const MIGRATIONS_DIR = path.join(ROOT_DIR, 'migrations');
const MIGRATION_LOCK_ID = 727_001;

/** Applies the committed SQL migrations; the same files for PGlite and PostgreSQL. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  await handle.withLock(MIGRATION_LOCK_ID, async (db) => {
    if (handle.driver === 'pglite') {
      await migratePglite(db as unknown as PgliteDatabase, { migrationsFolder: MIGRATIONS_DIR });
    } else {
      await migratePg(db as unknown as NodePgDatabase, { migrationsFolder: MIGRATIONS_DIR });
    }
  });
}

import type { Database } from './client';

type Client = {
  query(config: { name: string; text: string; values: unknown[] } | string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  totalCount?: number;
};

/**
 * Runs a hot statement as a named prepared statement on a pg pool: PostgreSQL plans it once per connection instead
 * of on every call, which for a statement of several CTEs costs more than running it. On PGlite (one in-process
 * connection) it runs as a plain query. Takes the database itself, not a transaction: the pool picks the connection.
 * `text` must be the same for every call with this `name`, with its parameters cast ($1::uuid …).
 */
export async function queryPrepared<T>(db: Database, name: string, text: string, values: unknown[]): Promise<T[]> {
  const client = (db as unknown as { $client?: Client }).$client;
  if (!client) throw new Error(`${name} needs the database itself, not a transaction`);
  if (typeof client.totalCount === 'number') return (await client.query({ name, text, values })).rows as T[]; // a pg Pool
  return (await client.query(text, values)).rows as T[]; // PGlite
}

import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client';
import { auditLog } from './audit.table';
import type { AuditEntry } from './audit.repository';
import { isDatabaseUnavailable } from '../../lib/errors';

/** Entries kept in memory while the database is away, and how often their write is retried. */
const MAX_HELD = 100_000;
const RETRY_MS = 1_000;

/**
 * Audit for hot read paths (member-code scans): entries wait in memory and go to the database in one
 * multi-row insert every `flushMs` or every `maxBatch` entries, whichever comes first, instead of one
 * insert per request. The trade-off: a process that crashes loses at most the last `flushMs` of scan
 * records (a clean shutdown flushes them). Decisions, reveals and other writes keep `recordAudit`
 * inside their own transaction.
 */
export function createAuditBatcher(db: Database, log: FastifyBaseLogger, options: { flushMs?: number; maxBatch?: number } = {}) {
  const flushMs = options.flushMs ?? 200;
  const maxBatch = options.maxBatch ?? 500;
  let pending: (AuditEntry & { createdAt: Date })[] = [];
  let timer: NodeJS.Timeout | undefined;
  /** After close(): a failed write is not held for another try. */
  let closed = false;
  let inFlight: Promise<void> = Promise.resolve();

  async function write(batch: typeof pending) {
    try {
      // One parameter for the whole batch: building a 500-row insert value by value costs more CPU than the scans.
      const rows = batch.map((e) => ({
        a: e.actorAccountId,
        n: e.action,
        t: e.targetType,
        i: e.targetId,
        o: e.orgId ?? null,
        d: e.detail ?? {},
        c: e.createdAt.toISOString(),
      }));
      await db.execute(sql`
        insert into ${auditLog} (actor_account_id, action, target_type, target_id, org_id, detail, created_at)
        select a, n, t, i, o, d, c from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as r(a uuid, n text, t text, i text, o uuid, d jsonb, c timestamptz)`);
    } catch (error) {
      // The database is away (a restart): keep the entries and try again, up to a bound that protects memory.
      if (!closed && isDatabaseUnavailable(error) && pending.length + batch.length <= MAX_HELD) {
        pending = batch.concat(pending);
        log.warn({ err: error, held: pending.length }, 'audit batch held until the database is back');
        if (!timer) {
          timer = setTimeout(() => void flush(), RETRY_MS);
          timer.unref();
        }
        return;
      }
      log.error({ err: error, lost: batch.length }, 'audit batch could not be written');
    }
  }

  function flush(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (pending.length === 0) return inFlight;
    // At most maxBatch rows a statement, also when entries held through an outage are written again.
    const batch = pending.splice(0, maxBatch);
    if (pending.length > 0 && !timer) {
      timer = setTimeout(() => void flush(), 0);
      timer.unref();
    }
    inFlight = inFlight.then(() => write(batch));
    return inFlight;
  }

  return {
    /** Queues the entry; it reaches the database within `flushMs`. */
    record(entry: AuditEntry, at = new Date()): void {
      pending.push({ ...entry, createdAt: at });
      if (pending.length >= maxBatch) void flush();
      else if (!timer) {
        timer = setTimeout(() => void flush(), flushMs);
        timer.unref();
      }
    },
    flush,
    /** Writes everything still waiting (at shutdown); nothing is held for a retry after this. */
    async close(): Promise<void> {
      closed = true;
      while (pending.length > 0) await flush();
      await inFlight;
    },
  };
}

export type AuditBatcher = ReturnType<typeof createAuditBatcher>;

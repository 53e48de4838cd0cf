import { EventEmitter } from 'node:events';
import { gt, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, DatabaseHandle } from '../../db/client';
import { sessions } from './auth.table';

/** NOTIFY channel; the payload is the revoked session id. */
export const SESSION_REVOKED_CHANNEL = 'auth_session_revoked';

/** Tells every instance, when the surrounding transaction commits, that these sessions are over. */
export async function notifySessionsRevoked(db: Database, sessionIds: string[]): Promise<void> {
  for (const id of sessionIds) await db.execute(sql`select pg_notify(${SESSION_REVOKED_CHANNEL}, ${id})`);
}

export interface SessionRevocationsOptions {
  /**
   * How long a revoked id must be remembered: the access-token lifetime plus clock skew. After
   * that every access token the session issued has expired by itself.
   */
  rememberSeconds: number;
  /** Catch-up reload in case a notification was lost while the LISTEN connection reconnected. */
  pollMs?: number;
  log: FastifyBaseLogger;
}

/**
 * The set of revoked, not yet expired session ids, so checking an access token costs a Set lookup
 * instead of a query. Loaded at start, kept current by NOTIFY from any instance, reloaded
 * periodically as a safety net, and pruned once the tokens it guards have expired.
 */
export async function createSessionRevocations(database: DatabaseHandle, options: SessionRevocationsOptions) {
  const rememberMs = options.rememberSeconds * 1000;
  const revoked = new Map<string, number>();
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);

  const remember = (id: string, untilMs: number) => {
    const known = revoked.get(id);
    if (known === undefined) {
      revoked.set(id, untilMs);
      emitter.emit('revoked', id);
    } else if (untilMs > known) {
      revoked.set(id, untilMs);
    }
  };

  const reload = async () => {
    const now = Date.now();
    const rows = await database.db
      .select({ id: sessions.id, revokedAt: sessions.revokedAt })
      .from(sessions)
      .where(gt(sessions.revokedAt, new Date(now - rememberMs)));
    for (const row of rows) remember(row.id, Math.max(row.revokedAt!.getTime() + rememberMs, now + 1_000));
    for (const [id, until] of revoked) if (until < now) revoked.delete(id);
  };

  // Listen first, then load: a revocation committed in between is seen by one or the other. After the LISTEN
  // connection comes back from an outage, load again: a logout committed while it was away sent its NOTIFY to no one.
  const catchUp = () => reload().catch((error) => options.log.warn({ err: error }, 'reloading revoked sessions after a reconnect failed'));
  const unlisten = await database.listen(SESSION_REVOKED_CHANNEL, (id) => remember(id, Date.now() + rememberMs), { onResubscribed: catchUp });
  await reload();
  const timer = setInterval(() => {
    reload().catch((error) => options.log.warn({ err: error }, 'reloading revoked sessions failed'));
  }, options.pollMs ?? 30_000);
  timer.unref();

  return {
    isRevoked(sessionId: string): boolean {
      const until = revoked.get(sessionId);
      return until !== undefined && until >= Date.now();
    },
    /** Local, immediate: the revoking instance does not wait for its own notification. */
    markRevoked(sessionIds: string[]): void {
      for (const id of sessionIds) remember(id, Date.now() + rememberMs);
    },
    /** Called once per newly revoked session (live streams end on it). */
    onRevoked(listener: (sessionId: string) => void): () => void {
      emitter.on('revoked', listener);
      return () => emitter.off('revoked', listener);
    },
    async close(): Promise<void> {
      clearInterval(timer);
      await unlisten();
    },
  };
}

export type SessionRevocations = Awaited<ReturnType<typeof createSessionRevocations>>;

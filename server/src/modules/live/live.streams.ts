import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, DatabaseHandle } from '../../db/client';

/** NOTIFY channel; the payload is the id of the account whose staff grants changed. */
export const GRANTS_CHANGED_CHANNEL = 'union_grants_changed';

/**
 * Tells every instance that the account's grants changed, when the surrounding transaction commits:
 * its open live streams end, and the client reconnects with a fresh ticket and the new scope.
 */
export async function notifyGrantsChanged(db: Database, accountId: string): Promise<void> {
  await db.execute(sql`select pg_notify(${GRANTS_CHANGED_CHANNEL}, ${accountId})`);
}

export async function createGrantsChangedFeed(database: DatabaseHandle, log: FastifyBaseLogger) {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const unlisten = await database.listen(
    GRANTS_CHANGED_CHANNEL,
    (accountId) => {
      log.info({ accountId }, 'grants changed: ending the account’s live streams');
      emitter.emit('changed', accountId);
    },
    {
      // Changes committed while the LISTEN connection was away reached no one: anyone's grants may have changed.
      onResubscribed: () => {
        log.warn('grants feed reconnected: forgetting every cached grant and ending live streams');
        emitter.emit('resync');
      },
    },
  );
  return {
    subscribe(listener: (accountId: string) => void): () => void {
      emitter.on('changed', listener);
      return () => emitter.off('changed', listener);
    },
    /** After an outage of the feed: any account's grants may have changed unannounced. */
    onResync(listener: () => void): () => void {
      emitter.on('resync', listener);
      return () => emitter.off('resync', listener);
    },
    close: unlisten,
  };
}

export type GrantsChangedFeed = Awaited<ReturnType<typeof createGrantsChangedFeed>>;

export interface OpenStream {
  accountId: string;
  sessionId: string;
  stop(): void;
}

/** The streams open on this instance, at most `maxPerAccount` per account. */
export function createStreamRegistry(maxPerAccount: number) {
  const byAccount = new Map<string, Set<OpenStream>>();
  const each = (match: (s: OpenStream) => boolean) => {
    for (const set of [...byAccount.values()]) for (const s of [...set]) if (match(s)) s.stop();
  };
  return {
    /** Registers the stream; false when the account already holds the maximum. */
    add(stream: OpenStream): boolean {
      const set = byAccount.get(stream.accountId) ?? new Set();
      if (set.size >= maxPerAccount) return false;
      set.add(stream);
      byAccount.set(stream.accountId, set);
      return true;
    },
    /** False when it was already removed (so a stop runs once). */
    remove(stream: OpenStream): boolean {
      const set = byAccount.get(stream.accountId);
      if (!set?.delete(stream)) return false;
      if (set.size === 0) byAccount.delete(stream.accountId);
      return true;
    },
    endSession: (sessionId: string) => each((s) => s.sessionId === sessionId),
    endAccount: (accountId: string) => [...(byAccount.get(accountId) ?? [])].forEach((s) => s.stop()),
    endAll: () => each(() => true),
  };
}

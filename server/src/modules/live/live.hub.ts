import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, DatabaseHandle } from '../../db/client';

const CHANNEL = 'union_live';

/** What changed; subscribers decide whether it concerns them and refetch. */
export interface LiveEvent {
  type: 'application';
  applicationId: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  accountId: string;
  /** Org paths the change is visible under (old and new org on a reassignment). */
  orgPaths: string[];
}

/**
 * The bus services publish on. Publishing inside a transaction sends the event when it commits,
 * to every instance (PostgreSQL NOTIFY), so no service imports the live stream itself.
 */
export function createLiveBus() {
  return {
    async publish(db: Database, event: LiveEvent): Promise<void> {
      await db.execute(sql`select pg_notify(${CHANNEL}, ${JSON.stringify(event)})`);
    },
  };
}
export type LiveBus = ReturnType<typeof createLiveBus>;

export async function createLiveHub(database: DatabaseHandle, log: FastifyBaseLogger) {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const unlisten = await database.listen(
    CHANNEL,
    (payload) => {
      try {
        emitter.emit('event', JSON.parse(payload) as LiveEvent);
      } catch (error) {
        log.warn({ err: error }, 'ignoring a malformed live event');
      }
    },
    // Events committed while the LISTEN connection was away are lost: subscribers must refetch.
    { onResubscribed: () => emitter.emit('resync') },
  );
  return {
    subscribe(listener: (event: LiveEvent) => void): () => void {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    /** After an outage of the LISTEN connection: events may have been missed. */
    onResync(listener: () => void): () => void {
      emitter.on('resync', listener);
      return () => emitter.off('resync', listener);
    },
    close: unlisten,
  };
}

export type LiveHub = Awaited<ReturnType<typeof createLiveHub>>;

import { and, asc, count, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { NotificationKind } from '@union/shared';
import type { Database } from '../../db/client';
import { beforeCursor, exactTime, type PageCursor } from '../../lib/paging';
import { notifications, notificationSettings } from './notifications.table';

export interface NewNotification {
  accountId: string;
  kind: NotificationKind;
  data: Record<string, string>;
  dedupeKey: string;
}

/** Rows per insert: four parameters each, well under PostgreSQL's 65,535 a statement (a void can tell 100,000 holders). */
const ENQUEUE_CHUNK = 1_000;

/** Writes to the outbox inside the caller's transaction; a second write of the same event is ignored. */
export async function enqueueNotification(db: Database, n: NewNotification | NewNotification[]) {
  const rows = Array.isArray(n) ? n : [n];
  for (let i = 0; i < rows.length; i += ENQUEUE_CHUNK) {
    await db
      .insert(notifications)
      .values(rows.slice(i, i + ENQUEUE_CHUNK))
      .onConflictDoNothing({ target: notifications.dedupeKey });
  }
}

/**
 * Claims up to `limit` due rows and pushes their next attempt past a lease, in one short
 * transaction: another dispatcher (another API instance) skips them (SKIP LOCKED) and then finds
 * them not due, and a dispatcher that dies mid-send leaves them to be retried after the lease.
 */
export async function claimDue(db: Database, at: Date, leaseUntil: Date, limit: number) {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.state, 'pending'), lte(notifications.nextAttemptAt, at)))
      .orderBy(asc(notifications.nextAttemptAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(notifications)
      .set({ nextAttemptAt: leaseUntil })
      .where(
        inArray(
          notifications.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
}

export async function markSent(db: Database, id: string, at: Date, channel: string) {
  await db.update(notifications).set({ state: 'sent', sentAt: at, channel, lastError: null }).where(eq(notifications.id, id));
}

export async function markRetry(db: Database, id: string, attempts: number, nextAttemptAt: Date, error: string) {
  await db
    .update(notifications)
    .set({ attempts, nextAttemptAt, lastError: error.slice(0, 500) })
    .where(eq(notifications.id, id));
}

export async function markFailed(db: Database, id: string, attempts: number, error: string) {
  await db
    .update(notifications)
    .set({ state: 'failed', attempts, lastError: error.slice(0, 500) })
    .where(eq(notifications.id, id));
}

export async function listForAccount(db: Database, accountId: string) {
  return db.select().from(notifications).where(eq(notifications.accountId, accountId)).orderBy(asc(notifications.createdAt));
}

/** The member's newest `limit` notices, or those after `before` (older), each with its exact time; by the member's index. */
export async function listMessages(db: Database, accountId: string, limit: number, before?: PageCursor) {
  return db
    .select({ row: notifications, exactAt: exactTime(notifications.createdAt) })
    .from(notifications)
    .where(and(eq(notifications.accountId, accountId), beforeCursor(notifications.createdAt, notifications.id, before)))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

export async function countUnread(db: Database, accountId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.accountId, accountId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks one of the member's own notices read (the first reading stays); undefined when it is not theirs. */
export async function markRead(db: Database, accountId: string, id: string, at: Date) {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${at.toISOString()}::timestamptz)` })
    .where(and(eq(notifications.id, id), eq(notifications.accountId, accountId)))
    .returning();
  return row;
}

export async function markAllRead(db: Database, accountId: string, at: Date) {
  await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.accountId, accountId), isNull(notifications.readAt)));
}

export async function findSettings(db: Database, accountId: string) {
  const [row] = await db.select().from(notificationSettings).where(eq(notificationSettings.accountId, accountId));
  return row;
}

export async function saveSmsConsent(db: Database, accountId: string, smsConsent: boolean, at: Date) {
  const [row] = await db
    .insert(notificationSettings)
    .values({ accountId, smsConsent, consentAt: smsConsent ? at : null, updatedAt: at })
    .onConflictDoUpdate({
      target: notificationSettings.accountId,
      set: {
        smsConsent,
        // Turning it on again records the new agreement; turning it off keeps when it was last given.
        consentAt: smsConsent ? at : sql`${notificationSettings.consentAt}`,
        updatedAt: at,
      },
    })
    .returning();
  return row!;
}

/** Whether notices may go to this member by SMS. */
export async function hasSmsConsent(db: Database, accountId: string): Promise<boolean> {
  return (await findSettings(db, accountId))?.smsConsent ?? false;
}

import type { FastifyBaseLogger } from 'fastify';
import type { PeriodicJob } from '../../lib/periodic';
import type { NotificationSender } from '../../adapters/notify/notify.adapter';
import { isPermanent } from '../../adapters/notify/notify.adapter';
import type { Database } from '../../db/client';
import * as repo from './notifications.repository';

export interface NotificationsServiceDeps {
  db: Database;
  sender: NotificationSender;
  /** Where a member can be reached: their WeChat openid and phone (decrypted only here, never logged). */
  recipientOf: (accountId: string) => Promise<{ openId: string | null; phone: string | null }>;
  log: Pick<FastifyBaseLogger, 'warn' | 'info'>;
  now?: () => Date;
  maxAttempts?: number;
}

/** A claimed row is not claimed again by another dispatcher for this long. */
const CLAIM_LEASE_MS = 60_000;
export const DISPATCH_BATCH = 50;

/** Backoff after a failed send: 2 s, 4 s, 8 s… capped at an hour, with jitter so retries spread out. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(2_000 * 2 ** (attempts - 1), 3_600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

export function createNotificationsService(deps: NotificationsServiceDeps) {
  const { db, sender } = deps;
  const now = deps.now ?? (() => new Date());
  const maxAttempts = deps.maxAttempts ?? 8;

  return {
    /** Sends what is due; returns how many rows it claimed. Safe to run on every instance at once. */
    async dispatchDue(limit = DISPATCH_BATCH): Promise<number> {
      const t = now();
      const rows = await repo.claimDue(db, t, new Date(t.getTime() + CLAIM_LEASE_MS), limit);
      for (const row of rows) {
        const attempts = row.attempts + 1;
        try {
          const to = await deps.recipientOf(row.accountId);
          const { channel } = await sender.send({ kind: row.kind, data: row.data, to });
          await repo.markSent(db, row.id, now(), channel);
        } catch (error) {
          const message = (error as Error).message ?? String(error);
          if (isPermanent(error) || attempts >= maxAttempts) {
            deps.log.warn({ notificationId: row.id, kind: row.kind, attempts, err: message }, 'notification given up');
            await repo.markFailed(db, row.id, attempts, message);
          } else {
            await repo.markRetry(db, row.id, attempts, new Date(now().getTime() + retryDelayMs(attempts)), message);
          }
        }
      }
      return rows.length;
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;

/** The dispatcher as a periodic job (lib/periodic): full batches are drained at once. */
export function notificationDispatchJob(service: Pick<NotificationsService, 'dispatchDue'>, intervalMs: number): PeriodicJob {
  return { name: 'notification dispatch', intervalMs, pass: async () => ((await service.dispatchDue()) === DISPATCH_BATCH ? 'more' : 'done') };
}

import { MESSAGE_HEADINGS, type Message, type MessageSettings } from '@union/shared';
import type { Database } from '../../db/client';
import type { AuditPort } from '../audit';
import { messageErrors } from './notifications.errors';
import * as repo from './notifications.repository';
import type { NotificationRow } from './notifications.table';

export interface MessagesServiceDeps {
  db: Database;
  audit: AuditPort;
  now?: () => Date;
}

/** A notice of the outbox as the member reads it in 消息. */
export function messageDto(row: NotificationRow): Message {
  const d = row.data;
  return {
    id: row.id,
    kind: row.kind,
    heading: MESSAGE_HEADINGS[row.kind],
    subject: d.title ?? '',
    time: d.time ?? '',
    place: d.place ?? '',
    note: d.note ?? '',
    reason: d.reason ?? null,
    expires: d.expires ?? null,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

/**
 * The message centre (消息): every notice the outbox holds for the member, whatever channel sent it, with the
 * unread count behind the badges; and the member's choice about notices by SMS.
 */
export function createMessagesService(deps: MessagesServiceDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  const settingsDto = (row: { smsConsent: boolean; consentAt: Date | null } | undefined): MessageSettings => ({
    smsConsent: row?.smsConsent ?? false,
    consentAt: row?.consentAt?.toISOString() ?? null,
  });

  return {
    async list(accountId: string, limit: number) {
      const [rows, unread] = await Promise.all([repo.listMessages(db, accountId, limit), repo.countUnread(db, accountId)]);
      return { items: rows.map(messageDto), unread };
    },

    async unread(accountId: string) {
      return { unread: await repo.countUnread(db, accountId) };
    },

    /** Another member's notice answers like a missing one. */
    async read(accountId: string, id: string) {
      const row = await repo.markRead(db, accountId, id, now());
      if (!row) throw messageErrors.notFound();
      return messageDto(row);
    },

    async readAll(accountId: string) {
      await repo.markAllRead(db, accountId, now());
      return { unread: 0 };
    },

    async settings(accountId: string) {
      return settingsDto(await repo.findSettings(db, accountId));
    },

    /** Records the member's agreement (or its withdrawal) with its time, and audits it in the same transaction. */
    async setSmsConsent(accountId: string, smsConsent: boolean) {
      return db.transaction(async (tx) => {
        const row = await repo.saveSmsConsent(tx, accountId, smsConsent, now());
        await deps.audit.record(tx, {
          actorAccountId: accountId,
          action: smsConsent ? 'notifications.sms_consent_given' : 'notifications.sms_consent_withdrawn',
          targetType: 'account',
          targetId: accountId,
        });
        return settingsDto(row);
      });
    },
  };
}

export type MessagesService = ReturnType<typeof createMessagesService>;

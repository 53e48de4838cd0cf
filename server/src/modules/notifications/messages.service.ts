import { MESSAGE_HEADINGS, type Message, type MessageSettings } from '@union/shared';
import type { Database } from '../../db/client';
import type { AuditPort } from '../audit';
import { cursorOf, parseCursor, type PageCursor } from '../../lib/paging';
import { messageErrors } from './notifications.errors';
import * as repo from './notifications.repository';
import type { NotificationRow } from './notifications.table';

/** A notice with the exact time (microseconds, UTC) its list is ordered and paged by. */
export interface ListedMessage {
  message: Message;
  exactAt: string;
}

/**
 * Notices kept by another module as its own rows rather than in the outbox (the member's claims, from the claims
 * table): listed, counted and marked read beside the outbox's. Wired in the composition root.
 */
export interface DerivedMessages {
  /** Newest first by exact time, then id; after `before` when given. */
  list(db: Database, accountId: string, limit: number, before?: PageCursor): Promise<ListedMessage[]>;
  unread(db: Database, accountId: string): Promise<number>;
  read(db: Database, accountId: string, id: string, at: Date): Promise<Message | undefined>;
  readAll(db: Database, accountId: string, at: Date): Promise<void>;
}

export interface MessagesServiceDeps {
  db: Database;
  audit: AuditPort;
  now?: () => Date;
  derived?: DerivedMessages[];
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

  const derived = deps.derived ?? [];

  async function unread(accountId: string): Promise<number> {
    const counts = await Promise.all([repo.countUnread(db, accountId), ...derived.map((d) => d.unread(db, accountId))]);
    return counts.reduce((a, b) => a + b, 0);
  }

  return {
    /**
     * The newest `limit` of the outbox's notices and the derived ones together, newest first; `before` (the `next` of
     * the page before: the exact time and id of its last notice) pages on to older ones. Each source is asked for one
     * more than a page, so a page that is full knows whether another follows.
     */
    async list(accountId: string, limit: number, before?: string) {
      const cursor = parseCursor(before);
      const [rows, n, ...others] = await Promise.all([
        repo.listMessages(db, accountId, limit + 1, cursor),
        unread(accountId),
        ...derived.map((d) => d.list(db, accountId, limit + 1, cursor)),
      ]);
      const merged = [...rows.map((r) => ({ message: messageDto(r.row), exactAt: r.exactAt })), ...others.flat()].sort(
        (a, b) => b.exactAt.localeCompare(a.exactAt) || b.message.id.localeCompare(a.message.id),
      );
      const page = merged.slice(0, limit);
      const last = page[limit - 1];
      return { items: page.map((m) => m.message), unread: n, next: merged.length > limit && last ? cursorOf({ at: last.exactAt, id: last.message.id }) : null };
    },

    async unread(accountId: string) {
      return { unread: await unread(accountId) };
    },

    /** Another member's notice answers like a missing one. */
    async read(accountId: string, id: string) {
      const at = now();
      const row = await repo.markRead(db, accountId, id, at);
      if (row) return messageDto(row);
      for (const d of derived) {
        const message = await d.read(db, accountId, id, at);
        if (message) return message;
      }
      throw messageErrors.notFound();
    },

    async readAll(accountId: string) {
      const at = now();
      await db.transaction(async (tx) => {
        await repo.markAllRead(tx, accountId, at);
        for (const d of derived) await d.readAll(tx, accountId, at);
      });
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

import { and, desc, eq, gte, like, lt, or, sql, type SQL } from 'drizzle-orm';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_EXPORT_MAX_ROWS,
  maskPhone,
  STAFF_ADMIN_ROLES,
  type AuditEntryView,
  type AuditExportQuery,
  type AuditQuery,
} from '@union/shared';
import type { Database } from '../../db/client';
import { inScope, type ScopeFor, type StaffScope } from '../../lib/scope';
import { csvDocument } from '../../lib/csv';
import { beforeCursor, cursorOf, exactTime, parseCursor } from '../../lib/paging';
import { alias } from 'drizzle-orm/pg-core';
import { accounts } from '../auth';
import { orgs } from '../orgs';
import { auditLog } from '../audit';

export interface AuditSearchDeps {
  db: Database;
  scopeFor: ScopeFor;
  /** The blind index of a phone, to find an account without reading phones in the clear. */
  phoneHash(phone: string): string;
  decryptPhone(phoneEnc: string): string;
}

/** The account a row is about, when it is about a person (staff.grant, account.disable…). */
const targetAccount = alias(accounts, 'target_account');

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The audit log as staff read it: rows of the unions in the viewer's admin scope (a row of no union, or of
 * another union, is never shown), filtered by actor, target, action and time, newest first, and as CSV.
 */
export function createAuditSearch(deps: AuditSearchDeps) {
  const { db } = deps;

  async function accountIdByPhone(phone: string): Promise<string | null> {
    const [row] = await db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.phoneHash, deps.phoneHash(phone)));
    return row?.id ?? null;
  }

  /** The conditions for the filters; null when a filter names a person who has no account (nothing can match). */
  async function conditions(scope: StaffScope, q: AuditExportQuery): Promise<SQL[] | null> {
    const where: SQL[] = [inScope(scope, orgs.path)];
    if (q.actorPhone) {
      const id = await accountIdByPhone(q.actorPhone);
      if (!id) return null;
      where.push(eq(auditLog.actorAccountId, id));
    }
    if (q.targetPhone) {
      const id = await accountIdByPhone(q.targetPhone);
      if (!id) return null;
      where.push(eq(auditLog.targetId, id));
    }
    // An action or its family: `staff` finds staff.grant, staff.revoke…
    if (q.action) where.push(or(eq(auditLog.action, q.action), like(auditLog.action, `${escapeLike(q.action)}.%`))!);
    if (q.targetType) where.push(eq(auditLog.targetType, q.targetType));
    if (q.targetId) where.push(eq(auditLog.targetId, q.targetId));
    if (q.orgId) where.push(eq(auditLog.orgId, q.orgId));
    if (q.from) where.push(gte(auditLog.createdAt, new Date(q.from)));
    // Inclusive to the end of the millisecond named (the database keeps microseconds).
    if (q.to) where.push(lt(auditLog.createdAt, new Date(new Date(q.to).getTime() + 1)));
    return where;
  }

  async function rows(where: SQL[], limit: number) {
    const found = await db
      .select({
        id: auditLog.id,
        createdAt: auditLog.createdAt,
        /** The exact time (microseconds) for the page cursor: a millisecond would skip rows of the same millisecond. */
        exactAt: exactTime(auditLog.createdAt),
        action: auditLog.action,
        actorAccountId: auditLog.actorAccountId,
        actorPhoneEnc: accounts.phoneEnc,
        targetPhoneEnc: targetAccount.phoneEnc,
        targetType: auditLog.targetType,
        targetId: auditLog.targetId,
        orgId: auditLog.orgId,
        orgName: orgs.name,
        detail: auditLog.detail,
      })
      .from(auditLog)
      .innerJoin(orgs, eq(orgs.id, auditLog.orgId))
      .leftJoin(accounts, eq(accounts.id, auditLog.actorAccountId))
      .leftJoin(targetAccount, and(eq(auditLog.targetType, 'account'), sql`${auditLog.targetId} = ${targetAccount.id}::text`))
      .where(and(...where))
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(limit);
    return found.map((r): { cursor: string; entry: AuditEntryView } => ({
      cursor: cursorOf({ at: r.exactAt, id: r.id }),
      entry: {
        id: r.id,
        at: r.createdAt.toISOString(),
        action: r.action,
        actor: r.actorPhoneEnc ? maskPhone(deps.decryptPhone(r.actorPhoneEnc)) : null,
        actorAccountId: r.actorAccountId,
        targetType: r.targetType,
        targetId: r.targetId,
        target: r.targetPhoneEnc ? maskPhone(deps.decryptPhone(r.targetPhoneEnc)) : null,
        orgId: r.orgId,
        orgName: r.orgName,
        detail: r.detail,
      },
    }));
  }

  return {
    async search(accountId: string, q: AuditQuery): Promise<{ items: AuditEntryView[]; next: string | null }> {
      const scope = await deps.scopeFor(accountId, STAFF_ADMIN_ROLES);
      const where = await conditions(scope, q);
      if (!where) return { items: [], next: null };
      const before = beforeCursor(auditLog.createdAt, auditLog.id, parseCursor(q.before));
      if (before) where.push(before);
      const found = await rows(where, q.limit + 1);
      const more = found.length > q.limit;
      if (more) found.pop();
      return { items: found.map((r) => r.entry), next: more ? found.at(-1)!.cursor : null };
    },

    /** CSV for Excel (UTF-8 with a byte-order mark), newest first, at most AUDIT_EXPORT_MAX_ROWS rows. */
    async exportCsv(accountId: string, q: AuditExportQuery): Promise<string> {
      const scope = await deps.scopeFor(accountId, STAFF_ADMIN_ROLES);
      const where = await conditions(scope, q);
      const items = where ? (await rows(where, AUDIT_EXPORT_MAX_ROWS)).map((r) => r.entry) : [];
      const lines = [['时间', '操作', '操作代码', '操作人', '对象类型', '对象', '对象手机号', '工会', '详情']];
      for (const e of items)
        lines.push([
          e.at,
          AUDIT_ACTION_LABELS[e.action] ?? e.action,
          e.action,
          e.actor ?? '系统',
          e.targetType,
          e.targetId,
          e.target ?? '',
          e.orgName ?? '',
          JSON.stringify(e.detail),
        ]);
      return csvDocument(lines);
    },
  };
}

export type AuditSearch = ReturnType<typeof createAuditSearch>;

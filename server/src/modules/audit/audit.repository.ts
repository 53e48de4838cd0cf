import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { auditLog } from './audit.table';

export interface AuditEntry {
  actorAccountId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  orgId?: string | null;
  detail?: Record<string, unknown>;
}

export async function recordAudit(db: Database, entry: AuditEntry) {
  await db.insert(auditLog).values({ ...entry, detail: entry.detail ?? {} });
}

export async function auditTrail(db: Database, targetType: string, targetId: string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetType, targetType), eq(auditLog.targetId, targetId)))
    .orderBy(asc(auditLog.createdAt));
}

/** What a module that records its writes needs of the audit log: one row, written in the caller's transaction. */
export interface AuditPort {
  record(db: Database, entry: AuditEntry): Promise<void>;
}

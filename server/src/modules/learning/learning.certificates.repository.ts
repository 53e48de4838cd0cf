import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { certificates } from './learning.certificates.table';
import { lessonProgress, lessons } from './learning.table';

export type CertificateRow = typeof certificates.$inferSelect;

/** The certificate, unless this member already has one for this course or test, or the code is taken (then nothing). */
export async function insertCertificate(db: Database, values: typeof certificates.$inferInsert): Promise<boolean> {
  const rows = await db.insert(certificates).values(values).onConflictDoNothing().returning({ id: certificates.id });
  return rows.length > 0;
}

export async function hasCertificate(db: Database, accountId: string, source: CertificateRow['source'], sourceId: string): Promise<boolean> {
  const rows = await db
    .select({ id: certificates.id })
    .from(certificates)
    .where(and(eq(certificates.accountId, accountId), eq(certificates.source, source), eq(certificates.sourceId, sourceId)));
  return rows.length > 0;
}

/**
 * Takes the lock under which one member's completion of one course is decided, until the transaction ends: two
 * lessons finished at once both look for what is left after the other has committed, so the certificate is not
 * missed (the unique index keeps it from being given twice). The first key is a class id of its own.
 */
export async function lockCourseCompletion(db: Database, accountId: string, courseId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(21006, hashtext(${`${accountId}:${courseId}`}))`);
}

/** Lessons of the course this member has not completed (as committed now, plus this transaction's own). */
export async function lessonsLeft(db: Database, accountId: string, courseId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(lessons)
    .leftJoin(lessonProgress, and(eq(lessonProgress.lessonId, lessons.id), eq(lessonProgress.accountId, accountId)))
    .where(and(eq(lessons.courseId, courseId), isNull(lessonProgress.completedAt)));
  return row?.n ?? 0;
}

export async function certificatesOf(db: Database, accountId: string): Promise<CertificateRow[]> {
  return db.select().from(certificates).where(eq(certificates.accountId, accountId)).orderBy(desc(certificates.issuedAt)).limit(200);
}

export async function findCertificate(db: Database, id: string): Promise<CertificateRow | undefined> {
  const [row] = await db.select().from(certificates).where(eq(certificates.id, id));
  return row;
}

export async function certificateByCode(db: Database, code: string): Promise<CertificateRow | undefined> {
  const [row] = await db.select().from(certificates).where(eq(certificates.code, code));
  return row;
}

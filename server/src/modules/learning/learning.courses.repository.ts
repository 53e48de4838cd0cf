import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { atOrAbove, inScope, type StaffScope } from '../../lib/scope';
import { orgs } from '../orgs';
import { courses, lessonProgress, lessons } from './learning.table';

export async function insertCourse(db: Database, values: typeof courses.$inferInsert) {
  const [row] = await db.insert(courses).values(values).returning({ id: courses.id });
  return row!;
}

export async function insertLessons(db: Database, values: (typeof lessons.$inferInsert)[]) {
  if (values.length) await db.insert(lessons).values(values);
}

const courseColumns = { course: courses, orgName: orgs.name };

export async function findCourse(db: Database, id: string) {
  const [row] = await db.select(courseColumns).from(courses).innerJoin(orgs, eq(orgs.id, courses.orgId)).where(eq(courses.id, id));
  return row;
}

export async function listCoursesInScope(db: Database, scope: StaffScope) {
  return db
    .select(courseColumns)
    .from(courses)
    .innerJoin(orgs, eq(orgs.id, courses.orgId))
    .where(inScope(scope, courses.orgPath))
    .orderBy(desc(courses.createdAt))
    .limit(100);
}

/** Courses set by a union at or above any of `paths` (the learner's union, the unions they are a cadre of). */
export async function coursesAbove(db: Database, paths: string[]) {
  if (paths.length === 0) return [];
  const above = or(...paths.map((p) => atOrAbove(courses.orgPath, p)));
  return db.select(courseColumns).from(courses).innerJoin(orgs, eq(orgs.id, courses.orgId)).where(above).orderBy(desc(courses.createdAt)).limit(100);
}

export async function lessonsOf(db: Database, courseIds: string[]) {
  if (courseIds.length === 0) return [];
  return db.select().from(lessons).where(inArray(lessons.courseId, courseIds)).orderBy(asc(lessons.courseId), asc(lessons.position));
}

export async function findLesson(db: Database, id: string) {
  const [row] = await db.select().from(lessons).where(eq(lessons.id, id));
  return row;
}

export async function progressOf(db: Database, accountId: string, lessonIds: string[]) {
  if (lessonIds.length === 0) return [];
  return db
    .select()
    .from(lessonProgress)
    .where(and(eq(lessonProgress.accountId, accountId), inArray(lessonProgress.lessonId, lessonIds)));
}

/** The progress row, created when the lesson is first served; locked for the caller's transaction when `lock`. */
export async function openProgress(db: Database, accountId: string, lessonId: string, at: Date, lock = false) {
  await db.insert(lessonProgress).values({ accountId, lessonId, openedAt: at }).onConflictDoNothing();
  const query = db
    .select()
    .from(lessonProgress)
    .where(and(eq(lessonProgress.accountId, accountId), eq(lessonProgress.lessonId, lessonId)));
  const [row] = lock ? await query.for('update') : await query;
  return row!;
}

export async function updateProgress(db: Database, accountId: string, lessonId: string, values: Partial<typeof lessonProgress.$inferInsert>) {
  await db
    .update(lessonProgress)
    .set(values)
    .where(and(eq(lessonProgress.accountId, accountId), eq(lessonProgress.lessonId, lessonId)));
}

/** Who the learner is: their union's path and worker category (members), and the unions they are a cadre of. */
export async function learnerProfile(db: Database, accountId: string) {
  const member = (await db.execute(sql`
    select o.path, a.category from current_memberships m join orgs o on o.id = m.org_id
    left join applications a on a.id = m.application_id
    where m.account_id = ${accountId} order by m.joined_at desc limit 1`)) as unknown as { rows: { path: string; category: string | null }[] };
  const cadre = (await db.execute(sql`
    select distinct o.path from staff_grants g join orgs o on o.id = g.org_id where g.account_id = ${accountId}`)) as unknown as {
    rows: { path: string }[];
  };
  return { memberPath: member.rows[0]?.path ?? null, category: member.rows[0]?.category ?? null, cadrePaths: cadre.rows.map((r) => r.path) };
}

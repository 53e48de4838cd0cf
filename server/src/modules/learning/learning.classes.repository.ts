import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { CLASS_SERVICE_KIND } from '@union/shared';
import type { Database } from '../../db/client';
import { atOrAbove, inScope, type StaffScope } from '../../lib/scope';
import { orgs } from '../orgs';
import { services } from '../services';
import { classes } from './learning.classes.table';
import { courses, lessons } from './learning.table';

const owner = alias(orgs, 'class_owner_org');
const eligible = alias(orgs, 'class_eligible_org');

/** The next session of a class that has not ended and was not cancelled. */
const nextSlotAt = sql<Date | null>`(select min(s.starts_at) from service_slots s
  where s.service_id = ${services.id} and s.ends_at > now() and s.cancelled_at is null)`.mapWith((v: string | Date | null) =>
  v === null ? null : new Date(v),
);

const lessonColumns = { id: lessons.id, title: lessons.title, courseId: courses.id, courseTitle: courses.title };

const classColumns = {
  serviceId: services.id,
  kind: services.kind,
  title: services.title,
  description: services.description,
  address: services.address,
  active: services.active,
  orgId: services.orgId,
  orgName: owner.name,
  orgPath: owner.path,
  eligiblePath: eligible.path,
  liveUrl: classes.liveUrl,
  lessonId: lessons.id,
  lessonTitle: lessons.title,
  courseId: courses.id,
  courseTitle: courses.title,
  nextSlotAt,
};

function classQuery(db: Database) {
  return db
    .select(classColumns)
    .from(services)
    .innerJoin(owner, eq(owner.id, services.orgId))
    .innerJoin(eligible, eq(eligible.id, services.eligibleOrgId))
    .leftJoin(classes, eq(classes.serviceId, services.id))
    .leftJoin(lessons, eq(lessons.id, classes.lessonId))
    .leftJoin(courses, eq(courses.id, lessons.courseId));
}

export type ClassView = Awaited<ReturnType<typeof findClassView>> & {};

/** A service with its class settings (none when it has no row yet), whatever its kind: the caller checks. */
export async function findClassView(db: Database, serviceId: string) {
  const [row] = await classQuery(db).where(eq(services.id, serviceId));
  return row;
}

/** Classes members of the union at `memberPath` may book: active services of the class kind whose eligible subtree holds it. */
export async function listClassesForMember(db: Database, memberPath: string) {
  return classQuery(db)
    .where(and(eq(services.kind, CLASS_SERVICE_KIND), eq(services.active, true), atOrAbove(eligible.path, memberPath)))
    .orderBy(sql`${nextSlotAt} asc nulls last`, asc(services.title))
    .limit(50);
}

export async function upsertClass(db: Database, values: typeof classes.$inferInsert) {
  await db
    .insert(classes)
    .values(values)
    .onConflictDoUpdate({
      target: classes.serviceId,
      set: { lessonId: values.lessonId, liveUrl: values.liveUrl, updatedBy: values.updatedBy, updatedAt: values.updatedAt },
    });
}

/** A lesson with its course and the course's union path (the staffer's scope check). */
export async function findLessonWithCourse(db: Database, lessonId: string) {
  const [row] = await db
    .select({ ...lessonColumns, orgPath: courses.orgPath })
    .from(lessons)
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .where(eq(lessons.id, lessonId));
  return row;
}

/** Lessons of the courses in a staffer's scope, newest course first, for a class to link. */
export async function lessonsInScope(db: Database, scope: StaffScope) {
  return db
    .select(lessonColumns)
    .from(lessons)
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .where(inScope(scope, courses.orgPath))
    .orderBy(desc(courses.createdAt), asc(courses.id), asc(lessons.position))
    .limit(300);
}

/** The lesson a class slot teaches, if its service links one. */
export async function classLessonOfService(db: Database, serviceId: string) {
  const [row] = await db
    .select({ id: lessons.id, title: lessons.title, courseId: lessons.courseId })
    .from(classes)
    .innerJoin(lessons, eq(lessons.id, classes.lessonId))
    .where(eq(classes.serviceId, serviceId));
  return row;
}

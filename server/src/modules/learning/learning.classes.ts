import { CLASS_SERVICE_KIND, type Class, type ClassLesson, type ClassSettings, type ClassSettingsInput } from '@union/shared';
import type { Database } from '../../db/client';
import { covers, isWithin } from '../../lib/scope';
import { LEARNING_ROLES, type LearningServiceDeps } from './learning.common';
import * as repo from './learning.classes.repository';
import { learningErrors } from './learning.errors';
import { awardPoints } from './learning.points';
import type { CertificateDeps } from './learning.certificates';
import { finishLesson, reaches } from './learning.courses';
import { findCourse, learnerProfile, openProgress } from './learning.courses.repository';
import { findRule } from './learning.repository';

/** A booking just checked in (bookings module, inside its transaction): what the class rule needs to know. */
export interface CheckedIn {
  accountId: string;
  serviceId: string;
  slotId: string;
  serviceKind: string;
  serviceTitle: string;
  at: Date;
}

/**
 * Attendance of a class, seen by the check-in scan: pays the `class_attended` rule in the check-in's transaction, once
 * per member and session (the slot is the ledger's source, so a second scan, a parallel one or a booking made again
 * on the same slot pays nothing more), and marks the class's lesson done as reading it would (its points once, the
 * course's certificate when it was the last lesson) when the lesson's course is for this member: a class open to all
 * members that teaches a lesson of a cadres' course pays the attendance, not the cadres' lesson and certificate.
 * Other kinds of service pay nothing. Returns what it paid.
 */
export async function classAttended(tx: Database, e: CheckedIn, deps: CertificateDeps): Promise<number> {
  if (e.serviceKind !== CLASS_SERVICE_KIND) return 0;
  const linked = await repo.classLessonOfService(tx, e.serviceId);
  const taught = linked && (await lessonIsFor(tx, e.accountId, linked.courseId)) ? linked : undefined;
  const label = taught ? `${e.serviceTitle}：${taught.title}` : e.serviceTitle;
  // The lesson's progress row before the points balance, in the order reading the lesson takes them (no deadlock
  // when the member finishes it online as they are scanned in).
  const progress = taught ? await openProgress(tx, e.accountId, taught.id, e.at, true) : undefined;
  let paid = await awardPoints(tx, { accountId: e.accountId, rule: 'class_attended', sourceType: 'class_session', sourceId: e.slotId, label }, e.at);
  if (taught && !progress!.completedAt) paid += await finishLesson(tx, deps, e.accountId, taught, e.at);
  return paid;
}

/** Whether the course reaches the member (its audience), as reading the lesson online would require. */
async function lessonIsFor(tx: Database, accountId: string, courseId: string): Promise<boolean> {
  const course = await findCourse(tx, courseId);
  return Boolean(course && reaches(course.course, await learnerProfile(tx, accountId)));
}

function lessonOf(v: repo.ClassView): ClassLesson | null {
  return v.lessonId && v.courseId ? { id: v.lessonId, title: v.lessonTitle!, courseId: v.courseId, courseTitle: v.courseTitle! } : null;
}

function classDto(v: repo.ClassView, points: number): Class {
  return {
    serviceId: v.serviceId,
    title: v.title,
    description: v.description,
    address: v.address,
    orgName: v.orgName,
    nextSlotAt: v.nextSlotAt ? v.nextSlotAt.toISOString() : null,
    liveUrl: v.liveUrl,
    lesson: lessonOf(v),
    points,
  };
}

/** Classes: members list and open them in 学习 (booked like any service); staff link a lesson and a live link. */
export function createClasses(deps: LearningServiceDeps) {
  const { db } = deps;
  const classPoints = async () => (await findRule(db, 'class_attended'))?.points ?? 0;

  async function memberPath(accountId: string) {
    const standing = await deps.memberStanding(db, accountId);
    if (!standing) throw learningErrors.notMember();
    return standing.orgPath;
  }

  /** A service of the class kind the staffer manages; another union's looks like none. */
  async function managed(accountId: string, serviceId: string) {
    const scope = await deps.scopeFor(accountId, LEARNING_ROLES);
    const view = await repo.findClassView(db, serviceId);
    if (!view || !covers(scope, view.orgPath)) throw learningErrors.classNotFound();
    if (view.kind !== CLASS_SERVICE_KIND) throw learningErrors.notClass();
    return { scope, view };
  }

  const settingsDto = (v: repo.ClassView): ClassSettings => ({ serviceId: v.serviceId, lesson: lessonOf(v), liveUrl: v.liveUrl });

  return {
    async listForMember(accountId: string): Promise<Class[]> {
      const path = await memberPath(accountId);
      const [rows, points] = await Promise.all([repo.listClassesForMember(db, path), classPoints()]);
      return rows.map((r) => classDto(r, points));
    },

    /** One class the member may book; a service of another kind, another union's or a withdrawn one is not found. */
    async forMember(accountId: string, serviceId: string): Promise<Class> {
      const path = await memberPath(accountId);
      const view = await repo.findClassView(db, serviceId);
      if (!view || view.kind !== CLASS_SERVICE_KIND || !view.active || !isWithin(path, view.eligiblePath)) throw learningErrors.classNotFound();
      return classDto(view, await classPoints());
    },

    async settings(accountId: string, serviceId: string): Promise<ClassSettings> {
      return settingsDto((await managed(accountId, serviceId)).view);
    },

    /** Sets the lesson (of a course in the staffer's unions) and the live link; null clears either. Audited. */
    async saveSettings(accountId: string, serviceId: string, input: ClassSettingsInput): Promise<ClassSettings> {
      const { scope, view } = await managed(accountId, serviceId);
      if (input.lessonId) {
        const lesson = await repo.findLessonWithCourse(db, input.lessonId);
        if (!lesson || !covers(scope, lesson.orgPath)) throw learningErrors.classLessonNotFound();
      }
      await db.transaction(async (tx) => {
        await repo.upsertClass(tx, { serviceId, lessonId: input.lessonId, liveUrl: input.liveUrl, updatedBy: accountId, updatedAt: new Date() });
        await deps.audit.record(tx, {
          actorAccountId: accountId,
          action: 'learning.class_update',
          targetType: 'service',
          targetId: serviceId,
          orgId: view.orgId,
          detail: { lessonId: input.lessonId, live: input.liveUrl !== null, title: view.title },
        });
      });
      return settingsDto((await repo.findClassView(db, serviceId))!);
    },

    /** Lessons of the courses in the staffer's unions, for a class to teach. */
    async linkableLessons(accountId: string): Promise<ClassLesson[]> {
      const scope = await deps.scopeFor(accountId, LEARNING_ROLES);
      return repo.lessonsInScope(db, scope);
    },
  };
}

export type ClassesService = ReturnType<typeof createClasses>;

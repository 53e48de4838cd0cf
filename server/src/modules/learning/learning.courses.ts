import { MIN_READ_SECONDS, WATCHED_SHARE, type Course, type CourseDetail, type CourseInput, type Lesson, type LessonProgress } from '@union/shared';
import { isWithin, covers } from '../../lib/scope';
import type { Database } from '../../db/client';
import { certifyCourseIfDone, type CertificateDeps } from './learning.certificates';
import { LEARNING_ROLES, type LearningServiceDeps } from './learning.common';
import * as repo from './learning.courses.repository';
import { learningErrors } from './learning.errors';
import { awardPoints } from './learning.points';
import type { LessonRow } from './learning.table';
import { findTest } from './learning.repository';
import { applyHeartbeat } from './learning.watch';

const NEW_FOR_MS = 7 * 86_400_000;
type CourseWithOrg = NonNullable<Awaited<ReturnType<typeof repo.findCourse>>>;
type Profile = Awaited<ReturnType<typeof repo.learnerProfile>>;
type ProgressRow = Awaited<ReturnType<typeof repo.progressOf>>[number];

/** Whether the course's audience takes in this learner. */
export function reaches(course: CourseWithOrg['course'], who: Profile): boolean {
  if (course.audience === 'cadres') return who.cadrePaths.some((p) => isWithin(p, course.orgPath));
  if (!who.memberPath || !isWithin(who.memberPath, course.orgPath)) return false;
  return course.audience === 'members' || course.category === who.category;
}

/**
 * Marks the lesson done once and pays the lesson rule once (the ledger's unique key), in the caller's transaction
 * (which holds the progress row's lock); the last lesson of the course gives its certificate. Reading, watching and
 * attending the class the lesson is taught in (the check-in scan) all end here.
 */
export async function finishLesson(
  tx: Database,
  deps: CertificateDeps,
  accountId: string,
  lesson: Pick<LessonRow, 'id' | 'title' | 'courseId'>,
  at: Date,
): Promise<number> {
  await repo.updateProgress(tx, accountId, lesson.id, { completedAt: at });
  const points = await awardPoints(tx, { accountId, rule: 'lesson_completed', sourceType: 'lesson', sourceId: lesson.id, label: lesson.title }, at);
  await certifyCourseIfDone(tx, deps, accountId, lesson.courseId, at);
  return points;
}

function lessonDto(l: LessonRow, p: ProgressRow | undefined): Lesson {
  const watched = p?.watched ? p.watched.split('1').length - 1 : 0;
  return {
    id: l.id,
    title: l.title,
    kind: l.kind,
    body: l.body,
    url: l.url,
    durationSeconds: l.durationSeconds,
    quizTestId: l.quizTestId,
    watchedPercent: l.kind === 'video' && l.durationSeconds ? Math.min(100, Math.floor((100 * watched) / l.durationSeconds)) : p?.completedAt ? 100 : 0,
    completed: Boolean(p?.completedAt),
  };
}

/** Courses and lessons: staff author them for an audience; members read, watch (heartbeats) and complete them for points. */
export function createCourses(deps: LearningServiceDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  function courseDto({ course, orgName }: CourseWithOrg, lessonCount: number, completedCount: number): Course {
    return {
      id: course.id,
      orgName,
      title: course.title,
      summary: course.summary,
      audience: course.audience,
      lessonCount,
      completedCount,
      isNew: now().getTime() - course.createdAt.getTime() < NEW_FOR_MS,
      createdAt: course.createdAt.toISOString(),
    };
  }

  async function profileOf(accountId: string) {
    const who = await repo.learnerProfile(db, accountId);
    if (!who.memberPath && who.cadrePaths.length === 0) throw learningErrors.notMember();
    return who;
  }

  /** The lesson and its course, if the course reaches this learner; otherwise it does not exist for them. */
  async function lessonFor(accountId: string, lessonId: string) {
    const lesson = await repo.findLesson(db, lessonId);
    const course = lesson ? await repo.findCourse(db, lesson.courseId) : undefined;
    if (!lesson || !course || !reaches(course.course, await profileOf(accountId))) throw learningErrors.lessonNotFound();
    return lesson;
  }

  const finish = (tx: typeof db, accountId: string, lesson: LessonRow, at: Date) => finishLesson(tx, deps, accountId, lesson, at);

  return {
    async createCourse(accountId: string, input: CourseInput & { summary: string; audience: 'members' | 'category' | 'cadres' }) {
      const scope = await deps.scopeFor(accountId, LEARNING_ROLES);
      const org = await deps.findOrg(db, input.orgId);
      if (!org || !covers(scope, org.path)) throw learningErrors.orgNotFound();
      // A lesson's quiz is a test of the author's own unions: an unknown or another union's test does not exist for them.
      const quizIds = [...new Set(input.lessons.flatMap((l) => (l.quizTestId ? [l.quizTestId] : [])))];
      const quizzes = await Promise.all(quizIds.map((testId) => findTest(db, testId)));
      if (quizzes.some((found) => !found || !covers(scope, found.test.orgPath))) throw learningErrors.testNotFound();
      const id = await db.transaction(async (tx) => {
        const row = await repo.insertCourse(tx, {
          orgId: org.id,
          orgPath: org.path,
          title: input.title,
          summary: input.summary,
          audience: input.audience,
          category: input.audience === 'category' ? input.category : null,
          createdBy: accountId,
          createdAt: now(),
        });
        await repo.insertLessons(
          tx,
          input.lessons.map((l, position) => ({ courseId: row.id, position, ...l, body: l.body ?? null, url: l.url ?? null })),
        );
        await deps.audit.record(tx, { actorAccountId: accountId, action: 'learning.course_create', targetType: 'course', targetId: row.id, orgId: org.id });
        return row.id;
      });
      return courseDto((await repo.findCourse(db, id))!, input.lessons.length, 0);
    },

    async listManagedCourses(accountId: string) {
      const scope = await deps.scopeFor(accountId, LEARNING_ROLES);
      const rows = await repo.listCoursesInScope(db, scope);
      const all = await repo.lessonsOf(
        db,
        rows.map((r) => r.course.id),
      );
      return rows.map((r) => courseDto(r, all.filter((l) => l.courseId === r.course.id).length, 0));
    },

    async listCourses(accountId: string): Promise<Course[]> {
      const who = await profileOf(accountId);
      const rows = (await repo.coursesAbove(db, [...(who.memberPath ? [who.memberPath] : []), ...who.cadrePaths])).filter((r) => reaches(r.course, who));
      const all = await repo.lessonsOf(
        db,
        rows.map((r) => r.course.id),
      );
      const done = new Set(
        (
          await repo.progressOf(
            db,
            accountId,
            all.map((l) => l.id),
          )
        )
          .filter((p) => p.completedAt)
          .map((p) => p.lessonId),
      );
      return rows.map((r) => {
        const own = all.filter((l) => l.courseId === r.course.id);
        return courseDto(r, own.length, own.filter((l) => done.has(l.id)).length);
      });
    },

    async course(accountId: string, courseId: string): Promise<CourseDetail> {
      const found = await repo.findCourse(db, courseId);
      if (!found || !reaches(found.course, await profileOf(accountId))) throw learningErrors.courseNotFound();
      const own = await repo.lessonsOf(db, [courseId]);
      const progress = new Map(
        (
          await repo.progressOf(
            db,
            accountId,
            own.map((l) => l.id),
          )
        ).map((p) => [p.lessonId, p]),
      );
      const lessonList = own.map((l) => lessonDto(l, progress.get(l.id)));
      return { ...courseDto(found, own.length, lessonList.filter((l) => l.completed).length), lessons: lessonList };
    },

    /** Serves a lesson and notes when the server first did (a text lesson is done no sooner than 15 s later). */
    async openLesson(accountId: string, lessonId: string): Promise<Lesson> {
      const lesson = await lessonFor(accountId, lessonId);
      return lessonDto(lesson, await repo.openProgress(db, accountId, lesson.id, now()));
    },

    /** A video player's heartbeat: only what the server's clock allows counts as watched; done at 90 %, paid once. */
    async heartbeat(accountId: string, lessonId: string, position: number): Promise<LessonProgress> {
      const lesson = await lessonFor(accountId, lessonId);
      if (lesson.kind !== 'video' || !lesson.durationSeconds) throw learningErrors.notVideo();
      const duration = lesson.durationSeconds;
      const at = now();
      return db.transaction(async (tx) => {
        const progress = await repo.openProgress(tx, accountId, lesson.id, at, true);
        const next = applyHeartbeat(progress, position, at, duration);
        await repo.updateProgress(tx, accountId, lesson.id, { watched: next.watched, lastPosition: Math.floor(next.lastPosition!), lastBeatAt: at });
        const pointsEarned = !progress.completedAt && next.share >= WATCHED_SHARE ? await finish(tx, accountId, lesson, at) : 0;
        return { watchedPercent: Math.floor(next.share * 100), completed: Boolean(progress.completedAt) || next.share >= WATCHED_SHARE, pointsEarned };
      });
    },

    /** 学完: a text or PDF lesson, once the server has served it for a while; a video is done by its heartbeats alone. */
    async complete(accountId: string, lessonId: string): Promise<LessonProgress> {
      const lesson = await lessonFor(accountId, lessonId);
      const at = now();
      return db.transaction(async (tx) => {
        const progress = await repo.openProgress(tx, accountId, lesson.id, at, true);
        const current = lessonDto(lesson, progress);
        if (progress.completedAt || lesson.kind === 'video') return { watchedPercent: current.watchedPercent, completed: current.completed, pointsEarned: 0 };
        if (at.getTime() - progress.openedAt.getTime() < MIN_READ_SECONDS * 1000) throw learningErrors.readTooShort();
        return { watchedPercent: 100, completed: true, pointsEarned: await finish(tx, accountId, lesson, at) };
      });
    },
  };
}

export type CoursesService = ReturnType<typeof createCourses>;

import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { COURSE_AUDIENCES, LESSON_KINDS, POINTS_RULES, QUESTION_KINDS, REVIEW_OPENS } from '@union/shared';
import { workerCategory } from '../applications';
import { accounts } from '../auth';
import { orgs } from '../orgs';

export const questionKind = pgEnum('question_kind', QUESTION_KINDS);
export const reviewOpens = pgEnum('review_opens', REVIEW_OPENS);
export const pointsRule = pgEnum('points_rule', POINTS_RULES);

/** A union's question bank (题库), imported from a sheet; its questions never change once imported. */
export const questionBanks = pgTable(
  'question_banks',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id),
    title: text().notNull(),
    createdBy: uuid()
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.orgId)],
);

/** `answer` holds the positions of the correct options in `options` as stored (before any shuffling). */
export const questions = pgTable(
  'questions',
  {
    id: uuid().primaryKey().defaultRandom(),
    bankId: uuid()
      .notNull()
      .references(() => questionBanks.id),
    position: integer().notNull(),
    kind: questionKind().notNull(),
    stem: text().notNull(),
    options: jsonb().$type<string[]>().notNull(),
    answer: integer().array().notNull(),
    explanation: text(),
  },
  (t) => [uniqueIndex().on(t.bankId, t.position), check('questions_answer_given', sql`cardinality(${t.answer}) >= 1`)],
);

/** A test (测试): N questions drawn from a bank per attempt, a time limit, a window, an audience (the union's subtree). */
export const learningTests = pgTable(
  'learning_tests',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id),
    /** The union's path, copied: members below it see the test. */
    orgPath: text().notNull(),
    bankId: uuid()
      .notNull()
      .references(() => questionBanks.id),
    title: text().notNull(),
    questionCount: integer().notNull(),
    timeLimitSeconds: integer().notNull(),
    passPercent: integer().notNull(),
    maxAttempts: integer().notNull(),
    reviewOpens: reviewOpens().notNull().default('graded'),
    opensAt: timestamp({ withTimezone: true }).notNull(),
    closesAt: timestamp({ withTimezone: true }).notNull(),
    createdBy: uuid()
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.orgPath),
    check('learning_tests_window', sql`${t.closesAt} > ${t.opensAt}`),
    check('learning_tests_counts', sql`${t.questionCount} > 0 and ${t.timeLimitSeconds} > 0 and ${t.maxAttempts} > 0`),
  ],
);

/**
 * One member's try at a test. The seed drew the questions and the option orders, which are kept as drawn. Grading is
 * one guarded update (`graded_at is null`): however many submits race, one grades it. At most one open attempt per
 * member and test (partial unique index), so parallel starts resume the same attempt.
 */
export const testAttempts = pgTable(
  'test_attempts',
  {
    id: uuid().primaryKey().defaultRandom(),
    testId: uuid()
      .notNull()
      .references(() => learningTests.id),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    seed: integer().notNull(),
    questionIds: uuid().array().notNull(),
    /** Per drawn question, the stored option positions in the order shown. */
    optionOrders: jsonb().$type<number[][]>().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    deadlineAt: timestamp({ withTimezone: true }).notNull(),
    /** Per drawn question, the stored option positions chosen. */
    answers: jsonb().$type<number[][]>(),
    correctCount: integer(),
    score: integer(),
    passed: boolean(),
    timedOut: boolean(),
    /** What grading this attempt paid (0 when capped, failed, or the test was passed before). */
    pointsEarned: integer(),
    gradedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('test_attempts_one_open')
      .on(t.testId, t.accountId)
      .where(sql`graded_at is null`),
    index().on(t.accountId, t.testId),
    check('test_attempts_graded_whole', sql`(graded_at is null) = (score is null)`),
  ],
);

/** What each rule pays and its caps; the server alone decides the amount (no route takes one from a client). */
export const pointsRules = pgTable('points_rules', {
  rule: pointsRule().primaryKey(),
  points: integer().notNull(),
  dailyCap: integer(),
  totalCap: integer(),
});

/**
 * Append-only (a trigger refuses update and delete): every entry names its rule and its source, and is unique per
 * (rule, source, member), so an event the server saw twice pays once.
 */
export const pointsLedger = pgTable(
  'points_ledger',
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    rule: pointsRule().notNull(),
    sourceType: text().notNull(),
    sourceId: text().notNull(),
    label: text().notNull(),
    delta: integer().notNull(),
    balanceAfter: integer().notNull(),
    /** The Beijing calendar day of the entry, for daily caps. */
    day: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('points_ledger_once').on(t.rule, t.sourceType, t.sourceId, t.accountId),
    index().on(t.accountId, t.at),
    index().on(t.accountId, t.rule, t.day),
    check('points_ledger_balance_after', sql`${t.balanceAfter} >= 0`),
  ],
);

/** The running balance per member; the check keeps it from going below zero whatever runs in parallel. */
export const pointsBalances = pgTable(
  'points_balances',
  {
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    balance: integer().notNull().default(0),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId] }), check('points_balances_not_negative', sql`${t.balance} >= 0`)],
);

export type QuestionRow = typeof questions.$inferSelect;
export type LearningTestRow = typeof learningTests.$inferSelect;
export type TestAttemptRow = typeof testAttempts.$inferSelect;

export const courseAudience = pgEnum('course_audience', COURSE_AUDIENCES);
export const lessonKind = pgEnum('lesson_kind', LESSON_KINDS);

/** A course (课程): short lessons for an audience of one union's subtree (members, one worker category, or cadres). */
export const courses = pgTable(
  'courses',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => orgs.id),
    orgPath: text().notNull(),
    title: text().notNull(),
    summary: text().notNull().default(''),
    audience: courseAudience().notNull().default('members'),
    category: workerCategory(),
    createdBy: uuid()
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.orgPath), check('courses_category_given', sql`(${t.audience} = 'category') = (${t.category} is not null)`)],
);

export const lessons = pgTable(
  'lessons',
  {
    id: uuid().primaryKey().defaultRandom(),
    courseId: uuid()
      .notNull()
      .references(() => courses.id),
    position: integer().notNull(),
    title: text().notNull(),
    kind: lessonKind().notNull(),
    body: text(),
    url: text(),
    durationSeconds: integer(),
    quizTestId: uuid().references(() => learningTests.id),
  },
  (t) => [uniqueIndex().on(t.courseId, t.position), check('lessons_video_duration', sql`${t.kind} <> 'video' or ${t.durationSeconds} > 0`)],
);

/**
 * One member's progress in one lesson. `watched` has a '1' for every second of the video a heartbeat pair covered at
 * no more than 2× speed (a seek covers nothing); the lesson is done at 90 %. `openedAt` is when the server first served
 * the lesson: a text or PDF lesson is done no sooner than 15 s after it.
 */
export const lessonProgress = pgTable(
  'lesson_progress',
  {
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    lessonId: uuid()
      .notNull()
      .references(() => lessons.id),
    openedAt: timestamp({ withTimezone: true }).notNull(),
    lastPosition: integer(),
    lastBeatAt: timestamp({ withTimezone: true }),
    watched: text().notNull().default(''),
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.lessonId] })],
);
export type LessonRow = typeof lessons.$inferSelect;

import { z } from 'zod';
import { plainTextSchema } from './fields';
import { workerCategorySchema } from './enums';

/**
 * Learning: question banks, tests and the points ledger (docs/capabilities/learning.md).
 * What a member receives while an attempt is open never names a correct option, a correctness flag or an
 * explanation: those are only in `attemptReviewSchema`, which the server serves once the attempt is graded and the
 * member has passed the test, used every attempt or seen the window close (for a test whose review waits for the
 * window, only once the window has closed).
 */
export const QUESTION_KINDS = ['single', 'multiple', 'true_false'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = { single: '单选题', multiple: '多选题', true_false: '判断题' };
/**
 * When a member may see the answers of a graded attempt: 'graded' once they passed the test or used every attempt (or
 * the window closed), 'closed' only after the test's window has closed (contests).
 */
export const REVIEW_OPENS = ['graded', 'closed'] as const;
export type ReviewOpens = (typeof REVIEW_OPENS)[number];

/** The rules points are earned by; each names what it pays and its caps (the server's table `points_rules`). */
export const POINTS_RULES = ['lesson_completed', 'test_passed', 'contest_place', 'class_attended', 'spend'] as const;
export type PointsRule = (typeof POINTS_RULES)[number];
export const POINTS_RULE_LABELS: Record<PointsRule, string> = {
  lesson_completed: '完成课时',
  test_passed: '通过测试',
  contest_place: '竞赛名次',
  class_attended: '参加课堂',
  spend: '积分兑换',
};

/** Most questions one CSV may hold, and most options one question may have (A-F). */
export const QUESTION_IMPORT_MAX_ROWS = 2_000;
export const QUESTION_MAX_OPTIONS = 6;
/**
 * Header names the bank import accepts for each column (an Excel sheet saved as CSV, or cells copied from Excel and
 * pasted, which arrive tab-separated). Answers are letters (`A`, `ACD`); for 判断题 also 对/错, 正确/错误, √/×.
 */
export const QUESTION_CSV_COLUMNS = {
  kind: ['题型', 'type', 'kind'],
  stem: ['题目', '题干', 'question', 'stem'],
  a: ['选项A', 'A'],
  b: ['选项B', 'B'],
  c: ['选项C', 'C'],
  d: ['选项D', 'D'],
  e: ['选项E', 'E'],
  f: ['选项F', 'F'],
  answer: ['答案', '正确答案', 'answer'],
  explanation: ['解析', '答案解析', 'explanation'],
} as const;

export const bankImportInputSchema = z.strictObject({
  orgId: z.uuid({ error: '请选择工会' }),
  title: plainTextSchema('题库名称', 2, 40),
  /** The sheet as text: CSV (comma) or cells pasted from Excel (tab). */
  csv: z.string({ error: '请粘贴题目' }).min(1, { error: '请粘贴题目' }).max(1_000_000, { error: '题目内容过大，请分批导入' }),
});
export const questionImportErrorSchema = z.object({ row: z.number().int(), message: z.string() });
export type QuestionImportError = z.infer<typeof questionImportErrorSchema>;
export const bankSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  title: z.string(),
  questions: z.number().int(),
  createdAt: z.string(),
});
export type Bank = z.infer<typeof bankSchema>;
export const bankListSchema = z.object({ items: z.array(bankSchema) });
/** An import is all or nothing: with any bad row, nothing is stored and every bad row is listed. */
export const bankImportResultSchema = z.object({ bank: bankSchema.nullable(), imported: z.number().int(), errors: z.array(questionImportErrorSchema) });
export type BankImportResult = z.infer<typeof bankImportResultSchema>;

export const testInputSchema = z
  .strictObject({
    orgId: z.uuid({ error: '请选择工会' }),
    bankId: z.uuid({ error: '请选择题库' }),
    title: plainTextSchema('测试名称', 2, 40),
    questionCount: z.number({ error: '题目数量应为 1-100 的整数' }).int({ error: '题目数量应为 1-100 的整数' }).min(1).max(100),
    timeLimitMinutes: z.number({ error: '答题时间应为 1-180 分钟' }).int({ error: '答题时间应为 1-180 分钟' }).min(1).max(180),
    passPercent: z.number({ error: '及格分应为 0-100' }).int().min(0).max(100).default(60),
    maxAttempts: z.number({ error: '答题次数应为 1-10 次' }).int().min(1).max(10).default(3),
    reviewOpens: z.enum(REVIEW_OPENS).default('graded'),
    opensAt: z.iso.datetime({ offset: true, error: '开始时间格式不正确' }),
    closesAt: z.iso.datetime({ offset: true, error: '结束时间格式不正确' }),
  })
  .refine((t) => Date.parse(t.closesAt) > Date.parse(t.opensAt), { error: '结束时间应晚于开始时间', path: ['closesAt'] });
export type TestInput = z.input<typeof testInputSchema>;

/** A test as members and staff see it: its rules, never its questions. */
export const testSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  title: z.string(),
  questionCount: z.number().int(),
  timeLimitMinutes: z.number().int(),
  passPercent: z.number().int(),
  maxAttempts: z.number().int(),
  reviewOpens: z.enum(REVIEW_OPENS),
  opensAt: z.string(),
  closesAt: z.string(),
  /** Points a pass earns (the `test_passed` rule), once per test. */
  points: z.number().int(),
  /** The caller's own record (members): attempts used, best score, whether an attempt is open now. */
  mine: z
    .object({
      attempts: z.number().int(),
      bestScore: z.number().int().nullable(),
      passed: z.boolean(),
      openAttemptId: z.string().nullable(),
    })
    .optional(),
});
export type Test = z.infer<typeof testSchema>;
export const testListSchema = z.object({ items: z.array(testSchema) });

/** A question during an attempt: the stem and the options in this attempt's order, nothing more. */
export const attemptQuestionSchema = z.strictObject({
  kind: z.enum(QUESTION_KINDS),
  stem: z.string(),
  options: z.array(z.string()),
});
export const attemptSchema = z.strictObject({
  id: z.string(),
  testId: z.string(),
  title: z.string(),
  startedAt: z.string(),
  /** When the server stops accepting answers; the countdown runs from `serverNow`. */
  deadlineAt: z.string(),
  serverNow: z.string(),
  questions: z.array(attemptQuestionSchema),
  status: z.enum(['open', 'graded']),
});
export type Attempt = z.infer<typeof attemptSchema>;

/** Chosen options per question, by their position in the attempt (0 = the first option shown). */
export const submitInputSchema = z.strictObject({
  answers: z
    .array(
      z
        .array(
          z
            .number()
            .int()
            .min(0)
            .max(QUESTION_MAX_OPTIONS - 1),
        )
        .max(QUESTION_MAX_OPTIONS),
      { error: '答案格式不正确' },
    )
    .max(100, { error: '答案格式不正确' }),
});
export type SubmitInput = z.infer<typeof submitInputSchema>;

/** The result of a graded attempt: the score only (the answers are in the review). */
export const attemptResultSchema = z.strictObject({
  attemptId: z.string(),
  testId: z.string(),
  score: z.number().int(),
  correctCount: z.number().int(),
  questionCount: z.number().int(),
  passed: z.boolean(),
  /** Answered after the time limit: graded with no answers. */
  timedOut: z.boolean(),
  pointsEarned: z.number().int(),
  gradedAt: z.string(),
  /** When the answers may be seen: at grading once the member passed or has no attempt left, else when the window closes. */
  reviewOpensAt: z.string(),
});
export type AttemptResult = z.infer<typeof attemptResultSchema>;

export const attemptReviewSchema = z.object({
  result: attemptResultSchema,
  questions: z.array(
    z.object({
      kind: z.enum(QUESTION_KINDS),
      stem: z.string(),
      options: z.array(z.string()),
      chosen: z.array(z.number().int()),
      correctOptions: z.array(z.number().int()),
      isCorrect: z.boolean(),
      explanation: z.string().nullable(),
    }),
  ),
});
export type AttemptReview = z.infer<typeof attemptReviewSchema>;

export const pointsEntrySchema = z.object({
  id: z.string(),
  rule: z.enum(POINTS_RULES),
  /** What the entry is for, in words (a test's title). */
  label: z.string(),
  delta: z.number().int(),
  balanceAfter: z.number().int(),
  at: z.string(),
});
export type PointsEntry = z.infer<typeof pointsEntrySchema>;
export const pointsSchema = z.object({ balance: z.number().int(), today: z.number().int(), items: z.array(pointsEntrySchema) });
export type Points = z.infer<typeof pointsSchema>;

/** Who a course is for: members of the union's subtree, only those of one worker category, or the subtree's cadres (莱阳's track). */
export const COURSE_AUDIENCES = ['members', 'category', 'cadres'] as const;
export type CourseAudience = (typeof COURSE_AUDIENCES)[number];
export const COURSE_AUDIENCE_LABELS: Record<CourseAudience, string> = { members: '全体会员', category: '指定职业', cadres: '工会干部' };
export const LESSON_KINDS = ['text', 'video', 'pdf'] as const;
export type LessonKind = (typeof LESSON_KINDS)[number];
export const LESSON_KIND_LABELS: Record<LessonKind, string> = { text: '图文', video: '视频', pdf: '资料' };
/** A video counts as watched when heartbeats cover this share of it, at no more than MAX_WATCH_SPEED. */
export const WATCHED_SHARE = 0.9;
export const MAX_WATCH_SPEED = 2;
/** A text or PDF lesson can be marked done this long after the server saw it opened. */
export const MIN_READ_SECONDS = 15;

const httpsUrl = z.url({ protocol: /^https$/, error: '请填写 https 开头的链接' }).max(500);
export const lessonInputSchema = z
  .strictObject({
    title: plainTextSchema('课时名称', 2, 40),
    kind: z.enum(LESSON_KINDS),
    body: z.string().max(20_000, { error: '正文不能超过2万字' }).optional(),
    url: httpsUrl.optional(),
    durationSeconds: z
      .number()
      .int()
      .min(10)
      .max(4 * 3600)
      .optional(),
    quizTestId: z.uuid().optional(),
  })
  .refine((l) => l.kind !== 'text' || (l.body ?? '').trim().length > 0, { error: '图文课时请填写正文', path: ['body'] })
  .refine((l) => l.kind === 'text' || l.url, { error: '请填写视频或资料的链接', path: ['url'] })
  .refine((l) => l.kind !== 'video' || l.durationSeconds, { error: '请填写视频时长', path: ['durationSeconds'] });
export const courseInputSchema = z
  .strictObject({
    orgId: z.uuid({ error: '请选择工会' }),
    title: plainTextSchema('课程名称', 2, 40),
    summary: z.string().max(500, { error: '简介不能超过500字' }).default(''),
    audience: z.enum(COURSE_AUDIENCES).default('members'),
    category: workerCategorySchema.optional(),
    lessons: z.array(lessonInputSchema).min(1, { error: '至少要有一个课时' }).max(50),
  })
  .refine((c) => c.audience !== 'category' || c.category, { error: '请选择职业', path: ['category'] });
export type CourseInput = z.input<typeof courseInputSchema>;

export const lessonSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(LESSON_KINDS),
  body: z.string().nullable(),
  url: z.string().nullable(),
  durationSeconds: z.number().int().nullable(),
  quizTestId: z.string().nullable(),
  /** The caller's progress: share watched (videos) and whether it is done. */
  watchedPercent: z.number().int(),
  completed: z.boolean(),
});
export type Lesson = z.infer<typeof lessonSchema>;
export const courseSchema = z.object({
  id: z.string(),
  orgName: z.string(),
  title: z.string(),
  summary: z.string(),
  audience: z.enum(COURSE_AUDIENCES),
  lessonCount: z.number().int(),
  completedCount: z.number().int(),
  /** Published in the last 7 days. */
  isNew: z.boolean(),
  createdAt: z.string(),
});
export type Course = z.infer<typeof courseSchema>;
export const courseListSchema = z.object({ items: z.array(courseSchema) });
export const courseDetailSchema = courseSchema.extend({ lessons: z.array(lessonSchema) });
export type CourseDetail = z.infer<typeof courseDetailSchema>;
/** Where the player is (seconds into the video); the server decides what of it counts as watched. */
export const heartbeatInputSchema = z.strictObject({
  position: z
    .number()
    .min(0)
    .max(4 * 3600),
});
export const lessonProgressSchema = z.object({ watchedPercent: z.number().int(), completed: z.boolean(), pointsEarned: z.number().int() });
export type LessonProgress = z.infer<typeof lessonProgressSchema>;

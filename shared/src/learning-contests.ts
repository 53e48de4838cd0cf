import { z } from 'zod';
import { plainTextSchema } from './fields';
import { limitParam } from './paging';

/**
 * Contests (知识竞赛, docs/capabilities/learning.md): a test with a window, tries per Beijing day, best-of scoring with
 * ties broken by time taken, rankings by person and by union, and places paid through the points ledger (and a voucher
 * campaign). During the window a member sees only their own best; rankings and answers open when it closes.
 */
export const CONTEST_MAX_TRIES_PER_DAY = 10;
export const CONTEST_MAX_PRIZE_PLACES = 100;
/** How many of the ranking a member or staffer reads at once (top 100). */
export const CONTEST_TOP_MAX = 100;
/**
 * The fastest a person can read a question (the fast-answer rule): an attempt answered in less time than the sum, over
 * its questions, of a base per question plus a time per character of the stem and every option is flagged. At 40 ms a
 * character that is 25 characters a second, a skim faster than anyone reads Chinese; auto-answer scripts answer in
 * well under a second a question.
 */
export const FAST_ANSWER_BASE_MS = 1_000;
export const FAST_ANSWER_MS_PER_CHAR = 40;

export const CONTEST_FLAGS = ['pending', 'approved', 'rejected'] as const;
export type ContestFlag = (typeof CONTEST_FLAGS)[number];
export const CONTEST_FLAG_LABELS: Record<ContestFlag, string> = { pending: '待审核', approved: '已认可', rejected: '不计成绩' };

export const contestInputSchema = z
  .strictObject({
    orgId: z.uuid({ error: '请选择工会' }),
    bankId: z.uuid({ error: '请选择题库' }),
    title: plainTextSchema('竞赛名称', 2, 40),
    questionCount: z.number({ error: '题目数量应为 1-100 的整数' }).int({ error: '题目数量应为 1-100 的整数' }).min(1).max(100),
    timeLimitMinutes: z.number({ error: '答题时间应为 1-60 分钟' }).int({ error: '答题时间应为 1-60 分钟' }).min(1).max(60),
    triesPerDay: z
      .number({ error: `每天答题次数应为 1-${CONTEST_MAX_TRIES_PER_DAY} 次` })
      .int({ error: `每天答题次数应为 1-${CONTEST_MAX_TRIES_PER_DAY} 次` })
      .min(1)
      .max(CONTEST_MAX_TRIES_PER_DAY)
      .default(3),
    /** How many of the top places get the `contest_place` points (and a voucher) when the contest is settled. */
    prizePlaces: z.number({ error: '获奖名额应为 0-100' }).int({ error: '获奖名额应为 0-100' }).min(0).max(CONTEST_MAX_PRIZE_PLACES).default(10),
    /** A voucher campaign (in the staffer's scope) whose vouchers the places also get. */
    prizeCampaignId: z.uuid({ error: '请选择奖品券' }).optional(),
    opensAt: z.iso.datetime({ offset: true, error: '开始时间格式不正确' }),
    closesAt: z.iso.datetime({ offset: true, error: '结束时间格式不正确' }),
  })
  .refine((c) => Date.parse(c.closesAt) > Date.parse(c.opensAt), { error: '结束时间应晚于开始时间', path: ['closesAt'] });
export type ContestInput = z.input<typeof contestInputSchema>;

/** The member's own standing: tries today (Beijing day) and their best counted total; their rank only once it closed. */
export const contestMineSchema = z.object({
  triesToday: z.number().int(),
  triesLeftToday: z.number().int(),
  attempts: z.number().int(),
  /** Best score of the attempts that count (not flagged, or approved by staff); null before any. */
  bestScore: z.number().int().nullable(),
  bestSeconds: z.number().nullable(),
  /** Attempts answered faster than the fast-answer rule allows, waiting for staff: they count only once approved. */
  pendingReview: z.number().int(),
  openAttemptId: z.string().nullable(),
  /** The member's last graded attempt: its answers open when the window closes. */
  lastAttemptId: z.string().nullable(),
  /** The member's place: null during the window, and when no attempt counts. */
  rank: z.number().int().nullable(),
});
export type ContestMine = z.infer<typeof contestMineSchema>;

export const contestSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  title: z.string(),
  questionCount: z.number().int(),
  timeLimitMinutes: z.number().int(),
  triesPerDay: z.number().int(),
  prizePlaces: z.number().int(),
  /** What each place is paid (the `contest_place` rule), and the voucher campaign's title when there is one. */
  prizePoints: z.number().int(),
  prizeVoucher: z.string().nullable(),
  opensAt: z.string(),
  closesAt: z.string(),
  settledAt: z.string().nullable(),
  mine: contestMineSchema.optional(),
  /** Staff: members who took part so far, and flagged attempts waiting for review. */
  participants: z.number().int().optional(),
  pendingReview: z.number().int().optional(),
});
export type Contest = z.infer<typeof contestSchema>;
export const contestListSchema = z.object({ items: z.array(contestSchema) });

export const rankingQuerySchema = z.strictObject({ limit: limitParam(CONTEST_TOP_MAX, CONTEST_TOP_MAX) });

/** One place of the ranking by person: the name masked (王*国), the member's union, best score and its time. */
export const rankingRowSchema = z.object({
  rank: z.number().int(),
  name: z.string(),
  orgName: z.string(),
  score: z.number().int(),
  seconds: z.number(),
});
export type RankingRow = z.infer<typeof rankingRowSchema>;
export const contestRankingSchema = z.object({
  contestId: z.string(),
  /** Members with a counted attempt (flagged ones wait for review). */
  ranked: z.number().int(),
  top: z.array(rankingRowSchema),
  /** The caller's own place (members); null when none of their attempts counts. */
  mine: rankingRowSchema.nullable(),
});
export type ContestRanking = z.infer<typeof contestRankingSchema>;

/**
 * One union under the contest's union (or under `under`): members of its subtree who took part, its members now,
 * the participation rate (per mille, at most 1000), and the average best score of its ranked members.
 */
export const unitRowSchema = z.object({
  rank: z.number().int(),
  orgId: z.string(),
  orgName: z.string(),
  /** The union's own members, not those of the unions below it (本级). */
  own: z.boolean(),
  participants: z.number().int(),
  members: z.number().int(),
  ratePermille: z.number().int().nullable(),
  averageScore: z.number().nullable(),
});
export type UnitRow = z.infer<typeof unitRowSchema>;
export const unitRankingQuerySchema = z.strictObject({ under: z.uuid({ error: '工会编号格式不正确' }).optional() });
export const unitRankingSchema = z.object({
  contestId: z.string(),
  under: z.object({ id: z.string(), name: z.string() }),
  participants: z.number().int(),
  members: z.number().int(),
  items: z.array(unitRowSchema),
});
export type UnitRanking = z.infer<typeof unitRankingSchema>;
export const contestExportQuerySchema = z.strictObject({ by: z.enum(['unit', 'person']).default('unit'), under: z.uuid().optional() });

/** A flagged attempt for staff: who (masked), how fast against the rule, and where the review stands. */
export const flaggedAttemptSchema = z.object({
  attemptId: z.string(),
  name: z.string(),
  orgName: z.string(),
  score: z.number().int(),
  seconds: z.number(),
  minSeconds: z.number(),
  gradedAt: z.string(),
  flag: z.enum(CONTEST_FLAGS),
});
export type FlaggedAttempt = z.infer<typeof flaggedAttemptSchema>;
export const flaggedListSchema = z.object({ items: z.array(flaggedAttemptSchema) });
export const flagReviewInputSchema = z.strictObject({ decision: z.enum(['approve', 'reject'], { error: '请选择认可或不计成绩' }) });

/** A settled place: who, what they scored, the points paid, and the voucher (granted, or why not). */
export const prizeSchema = z.object({
  place: z.number().int(),
  name: z.string(),
  orgName: z.string(),
  score: z.number().int(),
  seconds: z.number(),
  pointsPaid: z.number().int(),
  voucher: z.enum(['granted', 'refused']).nullable(),
  voucherNote: z.string().nullable(),
});
export type Prize = z.infer<typeof prizeSchema>;
export const settlementSchema = z.object({ contestId: z.string(), settledAt: z.string(), prizes: z.array(prizeSchema) });
export type Settlement = z.infer<typeof settlementSchema>;

import { randomInt } from 'node:crypto';
import type { Attempt, AttemptResult, AttemptReview, Test } from '@union/shared';
import { covers } from '../../lib/scope';
import { CLOSED_VISIBLE_MS, SUBMIT_GRACE_MS, testDto, testPoints, type LearningServiceDeps } from './learning.common';
import { createLearningStaff } from './learning.staff';
import { drawAttempt, isCorrect } from './learning.draw';
import { learningErrors } from './learning.errors';
import { isContest } from './learning.contests.repository';
import { createGrader, reviewOpensAt as reviewOpensFrom } from './learning.grading';
import * as repo from './learning.repository';
import type { LearningTestRow, TestAttemptRow } from './learning.table';

function resultDto(a: TestAttemptRow, test: LearningTestRow, reviewOpensAt: Date): AttemptResult {
  return {
    attemptId: a.id,
    testId: a.testId,
    score: a.score!,
    correctCount: a.correctCount!,
    questionCount: a.questionIds.length,
    passed: a.passed!,
    timedOut: a.timedOut!,
    pointsEarned: a.pointsEarned ?? 0,
    gradedAt: a.gradedAt!.toISOString(),
    reviewOpensAt: reviewOpensAt.toISOString(),
  };
}

export function createLearningService(deps: LearningServiceDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  // At most four grading batches in the database at once, whatever the load.
  const grader = createGrader(db, now, { maxBatch: 500, maxInFlight: 4, maxQueue: 20_000 }, deps);

  async function standingOf(accountId: string) {
    const standing = await deps.memberStanding(db, accountId);
    if (!standing) throw learningErrors.notMember();
    return standing;
  }

  /** The test, if the member's union lies in its audience; otherwise it does not exist for them. */
  async function testForMember(accountId: string, testId: string) {
    const standing = await standingOf(accountId);
    const found = await repo.findTest(db, testId);
    if (!found || !covers({ accountId, paths: [found.test.orgPath] }, standing.orgPath)) throw learningErrors.testNotFound();
    return found;
  }

  /** The member's own attempt, or not found (another member's attempt looks the same as none). */
  async function ownAttempt(accountId: string, attemptId: string) {
    const attempt = await repo.findAttempt(db, attemptId);
    if (!attempt || attempt.accountId !== accountId) throw learningErrors.attemptNotFound();
    const found = await repo.findTest(db, attempt.testId);
    return { attempt, test: found!.test, title: found!.test.title };
  }

  /** When the answers of a graded attempt open (see reviewOpensAt in learning.grading). */
  async function reviewOpensAt(q: typeof db, attempt: TestAttemptRow, test: LearningTestRow): Promise<Date> {
    const [mine] = await repo.attemptSummaries(q, attempt.accountId, [test.id]);
    const open = await repo.findOpenAttempt(q, test.id, attempt.accountId);
    return reviewOpensFrom({
      gradedAt: attempt.gradedAt!,
      test,
      attempts: mine?.attempts ?? 0,
      passedAny: mine?.passed ?? false,
      openDeadline: open?.deadlineAt ?? null,
      now: now(),
    });
  }

  async function gradedDto(q: typeof db, attempt: TestAttemptRow, test: LearningTestRow): Promise<AttemptResult> {
    return resultDto(attempt, test, await reviewOpensAt(q, attempt, test));
  }

  async function attemptDto(attempt: TestAttemptRow, title: string): Promise<Attempt> {
    const rows = new Map((await repo.questionsByIds(db, attempt.questionIds)).map((q) => [q.id, q]));
    return {
      id: attempt.id,
      testId: attempt.testId,
      title,
      startedAt: attempt.startedAt.toISOString(),
      deadlineAt: attempt.deadlineAt.toISOString(),
      serverNow: now().toISOString(),
      status: attempt.gradedAt ? 'graded' : 'open',
      questions: attempt.questionIds.map((id, i) => {
        const q = rows.get(id)!;
        return { kind: q.kind, stem: q.stem, options: attempt.optionOrders[i]!.map((p) => q.options[p]!) };
      }),
    };
  }

  return {
    ...createLearningStaff(deps),

    async listForMember(accountId: string): Promise<Test[]> {
      const standing = await standingOf(accountId);
      const tests = await repo.listTestsForMember(db, standing.orgPath, new Date(now().getTime() - CLOSED_VISIBLE_MS));
      const summaries = new Map(
        (
          await repo.attemptSummaries(
            db,
            accountId,
            tests.map((t) => t.test.id),
          )
        ).map((s) => [s.testId, s]),
      );
      const points = await testPoints(db);
      return tests.map((t) => {
        const s = summaries.get(t.test.id);
        return testDto(t, points, {
          attempts: s?.attempts ?? 0,
          bestScore: s?.bestScore ?? null,
          passed: s?.passed ?? false,
          openAttemptId: s?.openAttemptId ?? null,
        });
      });
    },

    /**
     * Starts an attempt, or resumes the open one: its questions drawn by a new seed, the deadline set by the server.
     * A contest's test starts only `via` the contest (which counts its tries per day); a plain test only directly.
     */
    async start(accountId: string, testId: string, via: 'test' | 'contest' = 'test'): Promise<Attempt> {
      const { test } = await testForMember(accountId, testId);
      if ((await isContest(db, test.id)) !== (via === 'contest')) throw learningErrors.testNotFound();
      const open = await repo.findOpenAttempt(db, test.id, accountId);
      if (open && now().getTime() <= open.deadlineAt.getTime() + SUBMIT_GRACE_MS) return attemptDto(open, test.title);
      // An attempt left open past its time is graded as it stands (nothing submitted) before another starts.
      if (open) await grader.submit(accountId, open.id, null);
      const at = now();
      if (at < test.opensAt || at >= test.closesAt) throw learningErrors.notOpen();
      if ((await repo.countAttempts(db, test.id, accountId)) >= test.maxAttempts) throw learningErrors.noAttemptsLeft();
      const bank = await repo.bankQuestions(db, test.bankId);
      const seed = randomInt(2 ** 31);
      const draw = drawAttempt(
        bank.map((q) => ({ id: q.id, kind: q.kind, optionCount: q.options.length })),
        test.questionCount,
        seed,
      );
      const deadline = new Date(Math.min(at.getTime() + test.timeLimitSeconds * 1000, test.closesAt.getTime()));
      const inserted = await repo.insertAttempt(db, { testId: test.id, accountId, seed, ...draw, startedAt: at, deadlineAt: deadline });
      // A parallel start won the race: resume that one.
      return attemptDto(inserted ?? (await repo.findOpenAttempt(db, test.id, accountId))!, test.title);
    },

    async attempt(accountId: string, attemptId: string): Promise<Attempt> {
      const { attempt, title } = await ownAttempt(accountId, attemptId);
      return attemptDto(attempt, title);
    },

    /** 交卷: idempotent; every submit of one attempt answers with the one grade. */
    async submit(accountId: string, attemptId: string, answers: number[][]): Promise<AttemptResult> {
      return grader.submit(accountId, attemptId, answers);
    },

    async result(accountId: string, attemptId: string): Promise<AttemptResult> {
      const { attempt, test } = await ownAttempt(accountId, attemptId);
      if (!attempt.gradedAt) throw learningErrors.reviewNotOpen();
      return gradedDto(db, attempt, test);
    },

    /** The answers and explanations: only after grading, and then only once `reviewOpensAt` says so. */
    async review(accountId: string, attemptId: string): Promise<AttemptReview> {
      const { attempt, test } = await ownAttempt(accountId, attemptId);
      if (!attempt.gradedAt) throw learningErrors.reviewNotOpen();
      const result = await gradedDto(db, attempt, test);
      if (now().getTime() < Date.parse(result.reviewOpensAt)) throw learningErrors.reviewAfterClose();
      const rows = new Map((await repo.questionsByIds(db, attempt.questionIds)).map((q) => [q.id, q]));
      const shown = (order: number[], stored: number[]) => stored.map((p) => order.indexOf(p)).sort((a, b) => a - b);
      return {
        result,
        questions: attempt.questionIds.map((id, i) => {
          const q = rows.get(id)!;
          const order = attempt.optionOrders[i]!;
          const chosen = attempt.answers?.[i] ?? [];
          return {
            kind: q.kind,
            stem: q.stem,
            options: order.map((p) => q.options[p]!),
            chosen: shown(order, chosen),
            correctOptions: shown(order, q.answer),
            isCorrect: isCorrect(chosen, q.answer),
            explanation: q.explanation,
          };
        }),
      };
    },
  };
}

export type LearningService = ReturnType<typeof createLearningService>;

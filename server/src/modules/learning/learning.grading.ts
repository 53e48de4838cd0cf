import type { AttemptResult, ReviewOpens } from '@union/shared';
import type { Database } from '../../db/client';
import { pgErrorCode } from '../../lib/errors';
import { createTurnBatcher } from '../../lib/turn-batcher';
import { SUBMIT_GRACE_MS } from './learning.common';
import { isCorrect } from './learning.draw';
import { learningErrors } from './learning.errors';
import * as repo from './learning.grading.repository';
import { issueCertificate, newCertificateCode, type CertificateDeps } from './learning.certificates';
import { serviceDay } from './learning.points';

/** What decides when a graded attempt's answers may be seen. */
export interface ReviewFacts {
  gradedAt: Date;
  test: { closesAt: Date; reviewOpens: ReviewOpens; maxAttempts: number };
  /** The member's attempts at the test, whether one passed, and the deadline of one still open. */
  attempts: number;
  passedAny: boolean;
  openDeadline: Date | null;
  now: Date;
}

/**
 * When the answers of a graded attempt open: once the test's window has closed; for a test that opens them on grading,
 * sooner once the member has passed it or has no attempt left (none in progress), so that a blank attempt cannot read
 * the answers for the next one.
 */
export function reviewOpensAt(f: ReviewFacts): Date {
  const afterWindow = new Date(Math.max(f.test.closesAt.getTime(), f.gradedAt.getTime()));
  if (f.test.reviewOpens === 'closed') return afterWindow;
  if (f.passedAny) return f.gradedAt;
  const inProgress = f.openDeadline !== null && f.now.getTime() <= f.openDeadline.getTime() + SUBMIT_GRACE_MS;
  return f.attempts >= f.test.maxAttempts && !inProgress ? f.gradedAt : afterWindow;
}

/** Deadlock or serialization failure: the batch rolled back whole and is simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);
/** Question keys kept in memory (about 100 bytes each); the map starts afresh when it is full. */
const QUESTIONS_KEPT = 200_000;

export interface GraderOptions {
  maxBatch: number;
  maxInFlight: number;
  maxQueue: number;
}

/**
 * 交卷 at thousands a second. A submission costs two round trips shared with every submission of its event-loop turn:
 * the attempts (with their tests) are read together, graded here against question keys kept in memory (questions never
 * change after import), and written together by `grade_attempts`, which grades each attempt once (a guarded update
 * under the attempt's lock), pays the pass points as awardPoints() does, and answers every submission with the grade
 * its attempt now has. 50 parallel submits of one attempt: one grading, one points entry, 50 equal answers. A pass
 * gives the test's certificate in the same transaction (unique per member and test).
 */
export function createGrader(db: Database, now: () => Date, options: GraderOptions, certificates: CertificateDeps) {
  const keys = new Map<string, repo.QuestionKey>();

  const reads = createTurnBatcher<string, repo.AttemptToGrade | undefined>(
    async (ids) => {
      const rows = await repo.attemptsToGrade(db, [...new Set(ids)]);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id));
    },
    { maxBatch: options.maxBatch, maxInFlight: options.maxInFlight, maxQueue: options.maxQueue },
  );

  const writes = createTurnBatcher<Omit<repo.GradeRow, 'ord'>, repo.GradedRow | undefined>(
    async (items) => {
      const rows = items.map((item, ord) => ({ ord, ...item }));
      for (let attempt = 1; ; attempt++) {
        try {
          const graded = await repo.gradeAttempts(db, rows);
          const byOrd = new Map(graded.map((g) => [Number(g.ord), g]));
          return rows.map((r) => byOrd.get(r.ord));
        } catch (error) {
          if (attempt < 3 && RETRYABLE.has(pgErrorCode(error) ?? '')) continue;
          throw error;
        }
      }
    },
    { maxBatch: options.maxBatch, maxInFlight: options.maxInFlight, maxQueue: options.maxQueue },
  );

  /** The keys of an attempt's questions, from memory or (once) from the database. */
  async function keysOf(ids: string[]): Promise<Map<string, repo.QuestionKey>> {
    const found = new Map<string, repo.QuestionKey>();
    for (const id of ids) {
      const key = keys.get(id);
      if (key) found.set(id, key);
    }
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) {
      const rows = await repo.questionKeys(db, missing);
      // A full cache starts again; this attempt's keys are already in `found`.
      if (keys.size + rows.length > QUESTIONS_KEPT) keys.clear();
      for (const r of rows) {
        keys.set(r.id, r);
        found.set(r.id, r);
      }
    }
    return found;
  }

  const seat = <T>(pending: Promise<T> | null): Promise<T> => {
    if (!pending) throw learningErrors.busy();
    return pending;
  };

  return {
    /**
     * Grades the member's attempt once with the options chosen as shown (`null`: nothing chosen, as for an attempt left
     * open past its time); a graded attempt is answered with its grade. Another member's attempt is not found.
     */
    async submit(accountId: string, attemptId: string, shown: number[][] | null): Promise<AttemptResult> {
      const attempt = await seat(reads.submit(attemptId));
      if (!attempt || attempt.account_id !== accountId) throw learningErrors.attemptNotFound();
      const at = now();
      let row: Omit<repo.GradeRow, 'ord'> = {
        id: attempt.id,
        answers: null,
        correct_count: 0,
        score: 0,
        passed: false,
        timed_out: false,
        at: at.toISOString(),
        day: serviceDay(at),
        label: attempt.title,
        code: null,
      };
      if (!attempt.graded) {
        const questions = await keysOf(attempt.question_ids);
        if (shown) checkAnswers(attempt, questions, shown);
        const timedOut = at.getTime() > attempt.deadline_ms + SUBMIT_GRACE_MS;
        // Positions as shown, turned back into stored positions.
        const answers = attempt.question_ids.map((_, i) => (timedOut || !shown ? [] : shown[i]!.map((p) => attempt.option_orders[i]![p]!)));
        const correct = attempt.question_ids.filter((id, i) => isCorrect(answers[i]!, questions.get(id)!.answer)).length;
        const score = Math.round((100 * correct) / attempt.question_ids.length);
        const passed = score >= attempt.pass_percent;
        row = { ...row, answers, correct_count: correct, score, passed, timed_out: timedOut, code: passed ? newCertificateCode() : null };
      }
      const graded = await seat(writes.submit(row));
      if (!graded) throw learningErrors.attemptNotFound();
      const gradedAt = new Date(graded.graded_at);
      // grade_attempts issued the pass's certificate; a code already taken (about once in 10^12) is drawn again here.
      if (graded.uncertified) {
        const c = { accountId, source: 'test' as const, sourceId: attempt.test_id, title: attempt.title, orgId: attempt.org_id, score: graded.score };
        await issueCertificate(db, certificates, c, gradedAt);
      }
      const opens = reviewOpensAt({
        gradedAt,
        test: { closesAt: new Date(attempt.closes_ms), reviewOpens: attempt.review_opens, maxAttempts: attempt.max_attempts },
        attempts: graded.attempts,
        passedAny: graded.passed_any,
        openDeadline: graded.open_deadline ? new Date(graded.open_deadline) : null,
        now: now(),
      });
      return {
        attemptId: attempt.id,
        testId: attempt.test_id,
        score: graded.score,
        correctCount: graded.correct_count,
        questionCount: attempt.question_ids.length,
        passed: graded.passed,
        timedOut: graded.timed_out,
        pointsEarned: graded.points_earned ?? 0,
        gradedAt: gradedAt.toISOString(),
        reviewOpensAt: opens.toISOString(),
      };
    },
  };
}

/** The answers fit the attempt: one list per question, positions among its options, one option unless multiple choice. */
function checkAnswers(attempt: repo.AttemptToGrade, questions: Map<string, repo.QuestionKey>, answers: number[][]) {
  if (answers.length !== attempt.question_ids.length) throw learningErrors.answersInvalid();
  answers.forEach((chosen, i) => {
    const optionCount = attempt.option_orders[i]!.length;
    if (chosen.some((p) => p >= optionCount)) throw learningErrors.answersInvalid();
    if (questions.get(attempt.question_ids[i]!)!.kind !== 'multiple' && chosen.length > 1) throw learningErrors.answersInvalid();
  });
}

export type Grader = ReturnType<typeof createGrader>;

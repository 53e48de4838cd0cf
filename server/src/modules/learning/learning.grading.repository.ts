import type { QuestionKind, ReviewOpens } from '@union/shared';
import type { Database } from '../../db/client';
import { queryPrepared } from '../../db/prepared';

/** An attempt as grading reads it, with what grading and the answer need of its test. */
export interface AttemptToGrade {
  id: string;
  account_id: string;
  test_id: string;
  question_ids: string[];
  option_orders: number[][];
  started_at: Date;
  deadline_at: Date;
  graded_at: Date | null;
  pass_percent: number;
  title: string;
  closes_at: Date;
  max_attempts: number;
  review_opens: ReviewOpens;
}

/** Many attempts with their tests in one round trip (a prepared statement: planned once per connection). */
export async function attemptsToGrade(db: Database, ids: string[]): Promise<AttemptToGrade[]> {
  return queryPrepared<AttemptToGrade>(
    db,
    'learning_attempts_to_grade',
    `select a.id, a.account_id, a.test_id, a.question_ids, a.option_orders, a.started_at, a.deadline_at, a.graded_at,
       t.pass_percent, t.title, t.closes_at, t.max_attempts, t.review_opens
     from test_attempts a join learning_tests t on t.id = a.test_id where a.id = any($1::uuid[])`,
    [ids],
  );
}

export interface QuestionKey {
  id: string;
  kind: QuestionKind;
  answer: number[];
  option_count: number;
}

/** What grading needs of questions: kind, right options, how many options. Questions never change after import. */
export async function questionKeys(db: Database, ids: string[]): Promise<QuestionKey[]> {
  return queryPrepared<QuestionKey>(
    db,
    'learning_question_keys',
    'select id, kind, answer, jsonb_array_length(options) as option_count from questions where id = any($1::uuid[])',
    [ids],
  );
}

/** One submission for grade_attempts(): the grade worked out, or `answers: null` to be answered with the grade it has. */
export interface GradeRow {
  ord: number;
  id: string;
  answers: number[][] | null;
  correct_count: number;
  score: number;
  passed: boolean;
  timed_out: boolean;
  at: string;
  day: string;
  label: string;
}

export interface GradedRow {
  ord: number;
  attempt_id: string;
  account_id: string;
  test_id: string;
  correct_count: number;
  score: number;
  passed: boolean;
  timed_out: boolean;
  points_earned: number;
  graded_at: Date;
  attempts: number;
  passed_any: boolean;
  open_deadline: Date | null;
}

/** Grades a batch with one call of the migration's `grade_attempts`: one round trip, its own transaction. */
export async function gradeAttempts(db: Database, rows: GradeRow[]): Promise<GradedRow[]> {
  return queryPrepared<GradedRow>(db, 'learning_grade_attempts', 'select * from grade_attempts($1::jsonb)', [JSON.stringify(rows)]);
}

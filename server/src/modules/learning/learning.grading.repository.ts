import type { QuestionKind, ReviewOpens } from '@union/shared';
import type { Database } from '../../db/client';
import { queryPrepared } from '../../db/prepared';

/** An attempt as grading reads it, with what grading and the answer need of its test; times in epoch milliseconds. */
export interface AttemptToGrade {
  id: string;
  account_id: string;
  test_id: string;
  question_ids: string[];
  option_orders: number[][];
  started_ms: number;
  deadline_ms: number;
  graded: boolean;
  pass_percent: number;
  title: string;
  org_id: string;
  closes_ms: number;
  max_attempts: number;
  review_opens: ReviewOpens;
}

const epochMs = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

/**
 * Many attempts with their tests in one round trip (a prepared statement: planned once per connection). The question
 * ids come as one string and the times as numbers: cheaper to read than an array of uuids and four dates per row.
 */
export async function attemptsToGrade(db: Database, ids: string[]): Promise<AttemptToGrade[]> {
  const rows = await queryPrepared<Omit<AttemptToGrade, 'question_ids'> & { question_ids: string }>(
    db,
    'learning_attempts_to_grade',
    `select a.id, a.account_id, a.test_id, array_to_string(a.question_ids, ',') as question_ids, a.option_orders,
       ${epochMs('a.started_at')} as started_ms, ${epochMs('a.deadline_at')} as deadline_ms, a.graded_at is not null as graded,
       t.pass_percent, t.title, t.org_id, ${epochMs('t.closes_at')} as closes_ms, t.max_attempts, t.review_opens
     from test_attempts a join learning_tests t on t.id = a.test_id where a.id = any($1::uuid[])`,
    [ids],
  );
  return rows.map((r) => ({ ...r, question_ids: r.question_ids.split(',') }));
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
  /** For a submission graded as a pass: the code of the certificate it gives (newCertificateCode). */
  code: string | null;
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
  /** A pass this batch graded whose certificate is neither issued nor found (its code was taken): issue it again. */
  uncertified: boolean;
}

/** Grades a batch with one call of the migration's `grade_attempts`: one round trip, its own transaction. */
export async function gradeAttempts(db: Database, rows: GradeRow[]): Promise<GradedRow[]> {
  return queryPrepared<GradedRow>(db, 'learning_grade_attempts', 'select * from grade_attempts($1::jsonb)', [JSON.stringify(rows)]);
}

-- custom: grade_attempts(requests) writes the grades of a batch of submissions (any members, any tests) in one round
-- trip and one transaction. The application reads the attempts, grades them (learning.grading.ts) and sends each
-- submission as {ord, id, answers, correct_count, score, passed, timed_out, at, day, label}; `answers` is null for an
-- attempt that was graded already when it was read (it is only answered again).
--  1. The batch's attempts still ungraded are locked in id order: of any number of submits of one attempt, in this
--     batch (the first in arrival order) or in another (another instance: it waits here, then finds it graded), one
--     grades it.
--  2. A pass pays the `test_passed` rule as awardPoints() does: the members' balance rows are locked (in account
--     order, after the attempts), a test passed before pays nothing (the ledger's unique key), the daily and total
--     caps cut the amount, and one statement writes the ledger entries, the balances and the grades with what each
--     paid (one new version of each attempt row).
--     Every lookup goes through an index whatever the statistics say (arrays with `= ANY`, lateral subqueries with
--     LIMIT): the planner takes a jsonb_to_recordset for 100 rows and would otherwise hash a member's whole ledger
--     or scan every balance.
--  3. A fresh statement answers every submission with its attempt as it now stands (graded by this batch or by the
--     one before it) and what the review's opening needs: the member's attempts at the test, whether one passed,
--     and the deadline of one still open.
CREATE FUNCTION grade_attempts(p_requests jsonb)
RETURNS TABLE (
  ord int, attempt_id uuid, account_id uuid, test_id uuid, correct_count int, score int, passed boolean, timed_out boolean,
  points_earned int, graded_at timestamptz, attempts int, passed_any boolean, open_deadline timestamptz
)
LANGUAGE plpgsql VOLATILE SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
DECLARE
  v_open uuid[];
  v_accounts uuid[];
  v_balances jsonb;
  v_points int;
  v_daily int;
  v_total int;
BEGIN
  v_open := ARRAY(
    SELECT a.id FROM test_attempts a
    WHERE a.id = ANY (ARRAY(SELECT (e->>'id')::uuid FROM jsonb_array_elements(p_requests) e WHERE jsonb_typeof(e->'answers') = 'array'))
      AND a.graded_at IS NULL
    ORDER BY a.id FOR NO KEY UPDATE
  );

  IF cardinality(v_open) > 0 THEN
    SELECT pr.points, pr.daily_cap, pr.total_cap INTO v_points, v_daily, v_total FROM points_rules pr WHERE pr.rule = 'test_passed';
    v_points := coalesce(v_points, 0);
    IF v_points > 0 THEN
      v_accounts := ARRAY(
        SELECT DISTINCT a.account_id FROM test_attempts a
        WHERE a.id = ANY (v_open)
          AND a.id = ANY (ARRAY(SELECT (e->>'id')::uuid FROM jsonb_array_elements(p_requests) e WHERE (e->>'passed')::boolean))
        ORDER BY 1
      );
      IF cardinality(v_accounts) > 0 THEN
        INSERT INTO points_balances (account_id) SELECT u.id FROM unnest(v_accounts) u(id) ON CONFLICT DO NOTHING;
        WITH locked AS (
          SELECT b.account_id, b.balance FROM points_balances b WHERE b.account_id = ANY (v_accounts) ORDER BY b.account_id FOR UPDATE
        )
        SELECT jsonb_object_agg(locked.account_id, locked.balance) INTO v_balances FROM locked;
      END IF;
    END IF;

    WITH r AS (
      SELECT DISTINCT ON (q.id) q.*, a.account_id, a.test_id
      FROM jsonb_to_recordset(p_requests) AS q(ord int, id uuid, answers jsonb, correct_count int, score int, passed boolean, timed_out boolean, at timestamptz, day text, label text)
      JOIN test_attempts a ON a.id = q.id AND a.id = ANY (v_open)
      WHERE jsonb_typeof(q.answers) = 'array'
      ORDER BY q.id, q.ord
    ),
    fresh AS (
      SELECT DISTINCT ON (r.account_id, r.test_id) r.* FROM r
      LEFT JOIN LATERAL (
        SELECT true AS paid FROM points_ledger l
        WHERE l.rule = 'test_passed' AND l.source_type = 'test' AND l.source_id = r.test_id::text AND l.account_id = r.account_id
        LIMIT 1
      ) paid_before ON true
      WHERE r.passed AND v_points > 0 AND paid_before.paid IS NULL
      ORDER BY r.account_id, r.test_id, r.ord
    ),
    ranked AS (
      SELECT f.*, row_number() OVER (PARTITION BY f.account_id ORDER BY f.ord) AS k,
        greatest(0, least(coalesce(v_daily - t.today, 2147483647), coalesce(v_total - t.total, 2147483647))) AS room
      FROM fresh f CROSS JOIN LATERAL (
        SELECT coalesce(sum(l.delta) FILTER (WHERE l.day = f.day), 0)::int AS today, coalesce(sum(l.delta), 0)::int AS total
        FROM points_ledger l WHERE l.account_id = f.account_id AND l.rule = 'test_passed'
      ) t
    ),
    entries AS (
      SELECT x.*, ((v_balances->>x.account_id::text)::int + sum(x.amount) OVER (PARTITION BY x.account_id ORDER BY x.k))::int AS balance_after
      FROM (SELECT ranked.*, (least(v_points * ranked.k, ranked.room) - least(v_points * (ranked.k - 1), ranked.room))::int AS amount FROM ranked) x
      WHERE x.amount > 0
    ),
    ins AS (
      INSERT INTO points_ledger (account_id, rule, source_type, source_id, label, delta, balance_after, day, at)
      SELECT e.account_id, 'test_passed', 'test', e.test_id::text, e.label, e.amount, e.balance_after, e.day, e.at FROM entries e
      RETURNING points_ledger.account_id, points_ledger.delta
    ),
    bal AS (
      UPDATE points_balances b SET balance = b.balance + s.delta, updated_at = now()
      FROM (SELECT i.account_id, sum(i.delta)::int AS delta FROM ins i GROUP BY i.account_id) s
      WHERE b.account_id = s.account_id AND b.account_id = ANY (v_accounts)
      RETURNING 1
    )
    UPDATE test_attempts a SET answers = r.answers, correct_count = r.correct_count, score = r.score, passed = r.passed,
      timed_out = r.timed_out, points_earned = coalesce(e.amount, 0), graded_at = r.at
    FROM r LEFT JOIN entries e ON e.id = r.id
    WHERE a.id = r.id AND a.id = ANY (v_open);
  END IF;

  RETURN QUERY
  SELECT q.ord, a.id, a.account_id, a.test_id, a.correct_count, a.score, a.passed, a.timed_out, a.points_earned, a.graded_at,
    s.attempts, s.passed_any, s.open_deadline
  FROM jsonb_to_recordset(p_requests) AS q(ord int, id uuid)
  JOIN test_attempts a ON a.id = q.id
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS attempts, coalesce(bool_or(x.passed), false) AS passed_any,
      max(x.deadline_at) FILTER (WHERE x.graded_at IS NULL) AS open_deadline
    FROM test_attempts x WHERE x.account_id = a.account_id AND x.test_id = a.test_id
  ) s;
END;
$$;

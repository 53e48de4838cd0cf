-- custom: grade_attempts (0033) issues the certificate of a pass in the grading transaction. The application sent one
-- request to the database per pass after grading (the holder's membership, the union, the insert: three statements
-- built by the ORM and planned each time), which by now cost more than the grading itself. Each submission the
-- application graded as a pass carries a `code` it drew (crypto-random, the short-code alphabet); the attempts this
-- batch graded as passed get their test's certificate with that code, with the holder's name from their current
-- membership and the name of the test's union, once per member and test (the unique index; the first submission of a
-- batch for a member and test is the one kept). A pass whose certificate is neither inserted nor found (the drawn
-- code was taken, about once in 10^12) is answered `uncertified`, and the application issues it as before.
DROP FUNCTION grade_attempts(jsonb);
--> statement-breakpoint
CREATE FUNCTION grade_attempts(p_requests jsonb)
RETURNS TABLE (
  ord int, attempt_id uuid, account_id uuid, test_id uuid, correct_count int, score int, passed boolean, timed_out boolean,
  points_earned int, graded_at timestamptz, attempts int, passed_any boolean, open_deadline timestamptz, uncertified boolean
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
  v_uncertified uuid[];
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

    WITH c AS (
      SELECT DISTINCT ON (a.account_id, a.test_id) a.id, a.account_id, a.test_id, a.score, a.graded_at, q.code
      FROM jsonb_to_recordset(p_requests) AS q(ord int, id uuid, code text)
      JOIN test_attempts a ON a.id = q.id
      WHERE a.id = ANY (v_open) AND a.passed AND q.code IS NOT NULL
      ORDER BY a.account_id, a.test_id, q.ord
    ),
    h AS (
      SELECT c.*, t.title, t.org_id, o.name AS org_name, m.name AS holder_name
      FROM c JOIN learning_tests t ON t.id = c.test_id JOIN orgs o ON o.id = t.org_id
      CROSS JOIN LATERAL (
        SELECT ms.name FROM current_memberships ms JOIN orgs mo ON mo.id = ms.org_id
        WHERE ms.account_id = c.account_id ORDER BY ms.joined_at DESC LIMIT 1
      ) m
    ),
    ins AS (
      INSERT INTO certificates (code, account_id, source, source_id, title, holder_name, org_id, org_name, score, issued_at)
      SELECT h.code, h.account_id, 'test', h.test_id, h.title, h.holder_name, h.org_id, h.org_name, h.score, h.graded_at
      FROM h ORDER BY h.account_id, h.test_id
      ON CONFLICT DO NOTHING
      RETURNING certificates.account_id, certificates.source_id
    )
    SELECT array_agg(h.id) INTO v_uncertified FROM h
    WHERE NOT EXISTS (SELECT 1 FROM ins WHERE ins.account_id = h.account_id AND ins.source_id = h.test_id)
      AND NOT EXISTS (SELECT 1 FROM certificates x WHERE x.account_id = h.account_id AND x.source = 'test' AND x.source_id = h.test_id);
  END IF;

  RETURN QUERY
  SELECT q.ord, a.id, a.account_id, a.test_id, a.correct_count, a.score, a.passed, a.timed_out, a.points_earned, a.graded_at,
    s.attempts, s.passed_any, s.open_deadline, a.id = ANY (coalesce(v_uncertified, '{}'::uuid[]))
  FROM jsonb_to_recordset(p_requests) AS q(ord int, id uuid)
  JOIN test_attempts a ON a.id = q.id
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS attempts, coalesce(bool_or(x.passed), false) AS passed_any,
      max(x.deadline_at) FILTER (WHERE x.graded_at IS NULL) AS open_deadline
    FROM test_attempts x WHERE x.account_id = a.account_id AND x.test_id = a.test_id
  ) s;
END;
$$;

-- Contests: the prize campaign's foreign key (kept out of the drizzle tables so learning and benefits do not import
-- each other), and the trigger that keeps the best-score table as attempts are graded, whichever code grades them.
ALTER TABLE contests ADD CONSTRAINT contests_prize_campaign_fk FOREIGN KEY (prize_campaign_id) REFERENCES benefit_campaigns (id);--> statement-breakpoint
-- The ranking's order in one key: the higher score first, then the shorter time (ms, below 10^8).
CREATE FUNCTION contest_rank_key(score int, taken_ms int) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT (100 - score)::bigint * 100000000 + least(greatest(taken_ms, 0), 99999999)
$$;--> statement-breakpoint
-- Recomputes one member's entry from their contest attempts (the best that counts: not flagged, or approved), and
-- moves the union's figures and the ranking's slices (contest_rank_buckets) by the difference. The entry row is
-- locked first, so a grade and a review of the same member queue; the union's row, then the slices in ascending
-- order, are touched only when a figure changes (most later attempts change none): every transaction takes these
-- locks in the same order, so two never wait for each other in a cycle.
CREATE FUNCTION contest_refresh_entry(p_contest uuid, p_account uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  old_e contest_entries%ROWTYPE;
  n_attempts int;
  n_pending int;
  b_score int;
  b_ms int;
  b_at timestamptz;
  b_key bigint;
  d_participants int;
  d_ranked int;
  d_sum bigint;
  old_bucket bigint;
  new_bucket bigint;
BEGIN
  SELECT * INTO old_e FROM contest_entries WHERE contest_id = p_contest AND account_id = p_account FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  SELECT count(*), count(*) FILTER (WHERE flag = 'pending') INTO n_attempts, n_pending
    FROM contest_attempts WHERE contest_id = p_contest AND account_id = p_account;
  SELECT a.score, a.taken_ms, a.graded_at, contest_rank_key(a.score, a.taken_ms) INTO b_score, b_ms, b_at, b_key
    FROM contest_attempts a
    WHERE a.contest_id = p_contest AND a.account_id = p_account AND (a.flag IS NULL OR a.flag = 'approved')
    ORDER BY contest_rank_key(a.score, a.taken_ms), a.graded_at
    LIMIT 1;
  UPDATE contest_entries SET attempts = n_attempts, pending = n_pending, best_score = b_score, best_ms = b_ms, best_at = b_at, rank_key = b_key
    WHERE contest_id = p_contest AND account_id = p_account;
  d_participants := CASE WHEN old_e.attempts = 0 AND n_attempts > 0 THEN 1 ELSE 0 END;
  d_ranked := (b_key IS NOT NULL)::int - (old_e.rank_key IS NOT NULL)::int;
  d_sum := coalesce(b_score, 0) - coalesce(old_e.best_score, 0);
  IF d_participants <> 0 OR d_ranked <> 0 OR d_sum <> 0 THEN
    INSERT INTO contest_org_stats AS s (contest_id, org_id, participants, ranked, score_sum)
      VALUES (p_contest, old_e.org_id, d_participants, d_ranked, d_sum)
      ON CONFLICT (contest_id, org_id) DO UPDATE
      SET participants = s.participants + excluded.participants, ranked = s.ranked + excluded.ranked, score_sum = s.score_sum + excluded.score_sum;
  END IF;
  old_bucket := old_e.rank_key / 10000;
  new_bucket := b_key / 10000;
  IF old_bucket IS DISTINCT FROM new_bucket THEN
    INSERT INTO contest_rank_buckets AS r (contest_id, bucket, n)
      SELECT p_contest, x.bucket, x.n FROM (VALUES (old_bucket, -1), (new_bucket, 1)) AS x (bucket, n)
      WHERE x.bucket IS NOT NULL ORDER BY x.bucket
      ON CONFLICT (contest_id, bucket) DO UPDATE SET n = r.n + excluded.n;
  END IF;
END;
$$;--> statement-breakpoint
-- An attempt of a contest was graded: record its time against the fast-answer rule (1 s a question plus 40 ms a
-- character of its stem and options: FAST_ANSWER_* in shared/src/learning-contests.ts), flag it when it was faster
-- and got anything right, and refresh the member's entry. The time runs from the server's start to its grading, at
-- most to the deadline. Tests that are not contests leave after one primary-key lookup.
CREATE FUNCTION contest_attempt_graded() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_taken int;
  v_min int;
  v_org uuid;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM contests WHERE test_id = NEW.test_id) THEN
    RETURN NULL;
  END IF;
  v_taken := least(greatest(0, round(extract(epoch FROM least(NEW.graded_at, NEW.deadline_at) - NEW.started_at) * 1000)), 99999999)::int;
  SELECT coalesce(sum(1000 + 40 * (char_length(q.stem)
           + coalesce((SELECT sum(char_length(o)) FROM jsonb_array_elements_text(q.options) AS o), 0))), 0)::int
    INTO v_min FROM questions q WHERE q.id = ANY (NEW.question_ids);
  SELECT m.org_id INTO v_org FROM current_memberships m WHERE m.account_id = NEW.account_id ORDER BY m.joined_at DESC LIMIT 1;
  IF v_org IS NULL THEN
    -- No longer a member: the attempt is graded, but a contest ranks members only.
    RETURN NULL;
  END IF;
  INSERT INTO contest_attempts (attempt_id, contest_id, account_id, score, taken_ms, min_ms, flag, graded_at)
    VALUES (NEW.id, NEW.test_id, NEW.account_id, NEW.score, v_taken, v_min,
      CASE WHEN v_taken < v_min AND NEW.correct_count > 0 THEN 'pending'::contest_flag END, NEW.graded_at)
    ON CONFLICT DO NOTHING;
  INSERT INTO contest_entries (contest_id, account_id, org_id) VALUES (NEW.test_id, NEW.account_id, v_org) ON CONFLICT DO NOTHING;
  PERFORM contest_refresh_entry(NEW.test_id, NEW.account_id);
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER test_attempts_contest_graded AFTER UPDATE OF graded_at ON test_attempts
  FOR EACH ROW WHEN (OLD.graded_at IS NULL AND NEW.graded_at IS NOT NULL) EXECUTE FUNCTION contest_attempt_graded();

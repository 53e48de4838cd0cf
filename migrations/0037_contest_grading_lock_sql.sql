-- Contest grading takes turns: a batch of graded attempts (grade_attempts, 0033) fires this trigger once per row in the
-- join's order, so two batches could lock two unions' contest rows in opposite orders. The function is 0031's with
-- one advisory lock added after the contest check.
CREATE OR REPLACE FUNCTION contest_attempt_graded() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_taken int;
  v_min int;
  v_org uuid;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM contests WHERE test_id = NEW.test_id) THEN
    RETURN NULL;
  END IF;
  -- Contest attempts graded in one transaction (the batched grader writes up to 500 at once) lock entries, union
  -- figures and rank slices in the order the rows come; two batches with members of two unions in opposite order
  -- would deadlock. One lock for contest grading, held to the commit, makes them take turns (the work is a few ms).
  PERFORM pg_advisory_xact_lock(hashtext('union-contest-grading'));
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
$$;

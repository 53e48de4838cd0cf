-- The points ledger is append-only: a correction is a new entry, never an edit. Refused for every role the app
-- connects as; only a superuser dropping the trigger could change history, and that shows in the schema.
CREATE FUNCTION points_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'points_ledger is append-only' USING ERRCODE = 'restrict_violation';
END;
$$;--> statement-breakpoint
CREATE TRIGGER points_ledger_no_change BEFORE UPDATE OR DELETE ON points_ledger
  FOR EACH ROW EXECUTE FUNCTION points_ledger_append_only();--> statement-breakpoint
CREATE TRIGGER points_ledger_no_truncate BEFORE TRUNCATE ON points_ledger
  FOR EACH STATEMENT EXECUTE FUNCTION points_ledger_append_only();--> statement-breakpoint
-- What each rule pays and its caps (学习强国-style: points per action, a daily cap). Spending pays nothing.
INSERT INTO points_rules (rule, points, daily_cap, total_cap) VALUES
  ('lesson_completed', 5, 20, NULL),
  ('test_passed', 10, 30, NULL),
  ('contest_place', 50, 50, NULL),
  ('class_attended', 10, 20, NULL),
  ('spend', 0, NULL, NULL);

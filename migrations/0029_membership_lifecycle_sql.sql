-- A membership's employer and worker category were only on the application it came from: copy them over once.
UPDATE memberships m SET employer = a.employer, category = a.category
  FROM applications a WHERE a.id = m.application_id AND m.employer IS NULL;
--> statement-breakpoint
-- Membership history is append-only (DESIGN: joins, transfers, retention, leaving are rows, never edits in place):
-- whatever the application sends, a history row cannot be changed or removed.
CREATE FUNCTION membership_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'membership_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER membership_events_no_update_delete BEFORE UPDATE OR DELETE ON membership_events
  FOR EACH ROW EXECUTE FUNCTION membership_events_append_only();--> statement-breakpoint
CREATE TRIGGER membership_events_no_truncate BEFORE TRUNCATE ON membership_events
  FOR EACH STATEMENT EXECUTE FUNCTION membership_events_append_only();

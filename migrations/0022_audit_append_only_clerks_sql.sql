-- The audit log is append-only in the database itself: whatever the application (or anyone with its role)
-- sends, an audit row cannot be changed or removed. Retention, if ever needed, is a migration that drops
-- this trigger on purpose.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
-- Clerks added before invitations existed were made clerks at once: they keep their place at the counter.
UPDATE merchant_staff SET accepted_at = created_at WHERE accepted_at IS NULL;

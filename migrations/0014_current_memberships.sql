-- The one definition of a member in good standing (members.table.ts, currentMemberships): a membership that has not ended.
-- Columns are named: a migration that changes or drops a column of memberships drops and recreates this view.
CREATE VIEW "public"."current_memberships" AS (select "id", "member_no", "person_id_hash", "account_id", "org_id", "application_id", "status", "name", "gender", "id_enc", "phone_enc", "joined_at", "ended_at" from "memberships" where "memberships"."status" <> 'left');

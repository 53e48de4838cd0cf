-- The one definition of a member in good standing (members.table.ts, currentMemberships): a membership that has not ended.
CREATE VIEW "public"."current_memberships" AS (select * from "memberships" where "memberships"."status" <> 'left');

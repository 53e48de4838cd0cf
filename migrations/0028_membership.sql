CREATE TYPE "public"."transfer_status" AS ENUM('pending', 'approved', 'rejected', 'objected', 'cancelled');--> statement-breakpoint
ALTER TYPE "public"."membership_event_kind" ADD VALUE 'resume';--> statement-breakpoint
ALTER TYPE "public"."membership_event_kind" ADD VALUE 'profile';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'transfer_requested';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'transfer_approved';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'transfer_declined';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'membership_left';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'membership_retained';--> statement-breakpoint
CREATE TABLE "membership_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"membership_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"from_org_id" uuid NOT NULL,
	"to_org_id" uuid NOT NULL,
	"status" "transfer_status" DEFAULT 'pending' NOT NULL,
	"from_status" "membership_status" NOT NULL,
	"employer" text NOT NULL,
	"category" "worker_category" NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"objection_until" timestamp with time zone NOT NULL,
	"released_at" timestamp with time zone,
	"released_by" uuid,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"reason" text,
	CONSTRAINT "membership_transfers_other_union" CHECK ("membership_transfers"."from_org_id" <> "membership_transfers"."to_org_id"),
	CONSTRAINT "membership_transfers_from_status" CHECK ("membership_transfers"."from_status" in ('active', 'retained'))
);
--> statement-breakpoint
DROP VIEW "public"."current_memberships";--> statement-breakpoint
ALTER TABLE "membership_events" ADD COLUMN "detail" jsonb;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "employer" text;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "category" "worker_category";--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "retained_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "membership_transfers" ADD CONSTRAINT "membership_transfers_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_transfers" ADD CONSTRAINT "membership_transfers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_transfers" ADD CONSTRAINT "membership_transfers_from_org_id_orgs_id_fk" FOREIGN KEY ("from_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_transfers" ADD CONSTRAINT "membership_transfers_to_org_id_orgs_id_fk" FOREIGN KEY ("to_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "membership_transfers_one_pending" ON "membership_transfers" USING btree ("membership_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "membership_transfers_to_org_id_status_requested_at_index" ON "membership_transfers" USING btree ("to_org_id","status","requested_at");--> statement-breakpoint
CREATE INDEX "membership_transfers_from_org_id_status_requested_at_index" ON "membership_transfers" USING btree ("from_org_id","status","requested_at");--> statement-breakpoint
CREATE INDEX "membership_transfers_membership_id_requested_at_index" ON "membership_transfers" USING btree ("membership_id","requested_at");--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_retained_until" CHECK ("memberships"."status" <> 'retained' or "memberships"."retained_until" is not null);--> statement-breakpoint
-- drizzle-kit names the view's columns in camelCase here; they are the table's snake_case columns (as in 0014).
CREATE VIEW "public"."current_memberships" AS (select "id", "member_no", "person_id_hash", "account_id", "org_id", "application_id", "status", "name", "gender", "id_enc", "phone_enc", "employer", "category", "joined_at", "ended_at", "retained_until" from "memberships" where "memberships"."status" <> 'left');
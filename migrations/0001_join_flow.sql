CREATE TYPE "public"."application_kind" AS ENUM('join', 'transfer');--> statement-breakpoint
CREATE TYPE "public"."application_status" AS ENUM('pending', 'approved', 'rejected', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."gender" AS ENUM('male', 'female');--> statement-breakpoint
CREATE TYPE "public"."real_name_outcome" AS ENUM('passed', 'failed', 'unavailable', 'skipped');--> statement-breakpoint
CREATE TYPE "public"."worker_category" AS ENUM('courier', 'rider', 'ride_hailing', 'truck', 'domestic', 'security', 'other');--> statement-breakpoint
CREATE TYPE "public"."membership_event_kind" AS ENUM('join', 'transfer_in', 'transfer_out', 'retain', 'leave');--> statement-breakpoint
CREATE TYPE "public"."membership_status" AS ENUM('active', 'retained', 'transferring', 'left');--> statement-breakpoint
CREATE TYPE "public"."service_card_status" AS ENUM('applying', 'issued', 'failed');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor_account_id" uuid,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"org_id" uuid,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stall_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"org_id" uuid NOT NULL,
	"title" text NOT NULL,
	"place" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stall_events_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" "application_kind" DEFAULT 'join' NOT NULL,
	"status" "application_status" DEFAULT 'pending' NOT NULL,
	"org_id" uuid NOT NULL,
	"event_id" uuid,
	"name" text NOT NULL,
	"id_enc" text NOT NULL,
	"id_hash" text NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_hash" text NOT NULL,
	"gender" "gender" NOT NULL,
	"birth_date" date NOT NULL,
	"employer" text NOT NULL,
	"category" "worker_category" NOT NULL,
	"work_district" varchar(6) NOT NULL,
	"consent_version" text NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"real_name" real_name_outcome NOT NULL,
	"real_name_reason" text,
	"resubmit_count" integer DEFAULT 0 NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"reject_reason" text
);
--> statement-breakpoint
CREATE TABLE "member_no_counters" (
	"region_code" varchar(6) NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "member_no_counters_region_code_year_pk" PRIMARY KEY("region_code","year")
);
--> statement-breakpoint
CREATE TABLE "membership_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"membership_id" uuid NOT NULL,
	"kind" "membership_event_kind" NOT NULL,
	"org_id" uuid NOT NULL,
	"application_id" uuid,
	"actor_account_id" uuid,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_no" text NOT NULL,
	"person_id_hash" text NOT NULL,
	"account_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"application_id" uuid,
	"status" "membership_status" DEFAULT 'active' NOT NULL,
	"name" text NOT NULL,
	"gender" "gender" NOT NULL,
	"id_enc" text NOT NULL,
	"phone_enc" text NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "memberships_memberNo_unique" UNIQUE("member_no")
);
--> statement-breakpoint
CREATE TABLE "service_cards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"membership_id" uuid NOT NULL,
	"status" "service_card_status" DEFAULT 'applying' NOT NULL,
	"bank_name" text NOT NULL,
	"bank_ref" text,
	"card_no_enc" text,
	"card_no_masked" text,
	"failure_reason" text,
	"consent_version" text NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_at" timestamp with time zone,
	"last_checked_at" timestamp with time zone,
	CONSTRAINT "service_cards_membershipId_unique" UNIQUE("membership_id")
);
--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN "serves_categories" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "stall_events" ADD CONSTRAINT "stall_events_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stall_events" ADD CONSTRAINT "stall_events_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_event_id_stall_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."stall_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_events" ADD CONSTRAINT "membership_events_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_events" ADD CONSTRAINT "membership_events_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_events" ADD CONSTRAINT "membership_events_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_cards" ADD CONSTRAINT "service_cards_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_target_type_target_id_index" ON "audit_log" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_account_id_created_at_index" ON "audit_log" USING btree ("actor_account_id","created_at");--> statement-breakpoint
CREATE INDEX "stall_events_org_id_starts_at_index" ON "stall_events" USING btree ("org_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_one_pending_per_person" ON "applications" USING btree ("id_hash") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "applications_org_id_status_submitted_at_index" ON "applications" USING btree ("org_id","status","submitted_at");--> statement-breakpoint
CREATE INDEX "applications_account_id_index" ON "applications" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "applications_event_id_index" ON "applications" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "membership_events_membership_id_at_index" ON "membership_events" USING btree ("membership_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_one_current_per_person" ON "memberships" USING btree ("person_id_hash") WHERE status <> 'left';--> statement-breakpoint
CREATE INDEX "memberships_account_id_index" ON "memberships" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "memberships_org_id_status_index" ON "memberships" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "memberships_application_id_index" ON "memberships" USING btree ("application_id");
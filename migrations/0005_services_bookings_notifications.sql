CREATE TYPE "public"."booking_status" AS ENUM('booked', 'waitlisted', 'offered', 'checked_in', 'cancelled', 'no_show', 'expired');--> statement-breakpoint
CREATE TYPE "public"."notification_kind" AS ENUM('booking_confirmed', 'booking_promoted', 'booking_offered', 'booking_reminder', 'application_approved', 'application_rejected');--> statement-breakpoint
CREATE TYPE "public"."notification_state" AS ENUM('pending', 'sent', 'failed');--> statement-breakpoint
CREATE TYPE "public"."limit_period" AS ENUM('week', 'month', 'year', 'total');--> statement-breakpoint
CREATE TYPE "public"."promotion_mode" AS ENUM('direct', 'offer');--> statement-breakpoint
CREATE TYPE "public"."service_kind" AS ENUM('legal_aid', 'counselling', 'course', 'event', 'childcare', 'sanatorium');--> statement-breakpoint
CREATE TABLE "bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slot_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"status" "booking_status" NOT NULL,
	"queue_no" integer,
	"offer_expires_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	"checked_in_by" uuid,
	"cancelled_at" timestamp with time zone,
	"promoted_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"slot_starts_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" "notification_kind" NOT NULL,
	"data" jsonb NOT NULL,
	"dedupe_key" text NOT NULL,
	"state" "notification_state" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"channel" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notifications_dedupeKey_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "service_slots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"taken" integer DEFAULT 0 NOT NULL,
	"waitlisted" integer DEFAULT 0 NOT NULL,
	"waitlist_seq" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_slots_capacity_positive" CHECK ("service_slots"."capacity" > 0),
	CONSTRAINT "service_slots_taken_within_capacity" CHECK ("service_slots"."taken" >= 0 and "service_slots"."taken" <= "service_slots"."capacity"),
	CONSTRAINT "service_slots_waitlisted_not_negative" CHECK ("service_slots"."waitlisted" >= 0),
	CONSTRAINT "service_slots_ends_after_start" CHECK ("service_slots"."ends_at" > "service_slots"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "service_kind" NOT NULL,
	"org_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"station_id" uuid,
	"address" text NOT NULL,
	"eligible_org_id" uuid NOT NULL,
	"limit_count" integer,
	"limit_period" "limit_period",
	"allow_overlap" boolean DEFAULT false NOT NULL,
	"cancel_cutoff_minutes" integer DEFAULT 120 NOT NULL,
	"promotion" "promotion_mode" DEFAULT 'direct' NOT NULL,
	"offer_hold_minutes" integer DEFAULT 30 NOT NULL,
	"no_show_limit" integer DEFAULT 3,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_slot_id_service_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."service_slots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_slots" ADD CONSTRAINT "service_slots_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_eligible_org_id_orgs_id_fk" FOREIGN KEY ("eligible_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bookings_one_active_per_member_slot" ON "bookings" USING btree ("slot_id","account_id") WHERE status in ('booked', 'waitlisted', 'offered', 'checked_in', 'no_show');--> statement-breakpoint
CREATE INDEX "bookings_waitlist_idx" ON "bookings" USING btree ("slot_id","queue_no") WHERE status = 'waitlisted';--> statement-breakpoint
CREATE INDEX "bookings_offers_due_idx" ON "bookings" USING btree ("offer_expires_at") WHERE status = 'offered';--> statement-breakpoint
CREATE INDEX "bookings_account_id_slot_starts_at_index" ON "bookings" USING btree ("account_id","slot_starts_at");--> statement-breakpoint
CREATE INDEX "bookings_slot_id_status_index" ON "bookings" USING btree ("slot_id","status");--> statement-breakpoint
CREATE INDEX "notifications_due_idx" ON "notifications" USING btree ("next_attempt_at") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "notifications_account_id_created_at_index" ON "notifications" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "service_slots_service_id_starts_at_index" ON "service_slots" USING btree ("service_id","starts_at");--> statement-breakpoint
CREATE INDEX "service_slots_ends_at_index" ON "service_slots" USING btree ("ends_at");--> statement-breakpoint
CREATE INDEX "services_org_id_index" ON "services" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "services_eligible_org_id_index" ON "services" USING btree ("eligible_org_id");--> statement-breakpoint
CREATE INDEX "services_station_id_index" ON "services" USING btree ("station_id");
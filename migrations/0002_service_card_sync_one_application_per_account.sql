ALTER TABLE "service_cards" ADD COLUMN "check_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "service_cards" ADD COLUMN "next_check_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "applications_one_pending_per_account" ON "applications" USING btree ("account_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "service_cards_due_idx" ON "service_cards" USING btree ("next_check_at") WHERE status = 'applying';
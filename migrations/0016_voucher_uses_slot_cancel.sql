ALTER TYPE "public"."notification_kind" ADD VALUE 'booking_cancelled';--> statement-breakpoint
ALTER TABLE "benefit_campaigns" ADD COLUMN "voucher_value" integer;--> statement-breakpoint
ALTER TABLE "benefit_campaigns" ADD COLUMN "voucher_uses" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "benefit_claims" ADD COLUMN "voucher_uses" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "benefit_claims" ADD COLUMN "uses_redeemed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "service_slots" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "service_slots" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "service_slots" ADD COLUMN "cancelled_by" uuid;--> statement-breakpoint
ALTER TABLE "service_slots" ADD CONSTRAINT "service_slots_cancelled_by_accounts_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_campaigns" ADD CONSTRAINT "benefit_campaigns_voucher_value_check" CHECK ("benefit_campaigns"."voucher_value" between 1 and 10000);--> statement-breakpoint
ALTER TABLE "benefit_campaigns" ADD CONSTRAINT "benefit_campaigns_voucher_uses_check" CHECK ("benefit_campaigns"."voucher_uses" between 1 and 20);--> statement-breakpoint
ALTER TABLE "benefit_claims" ADD CONSTRAINT "benefit_claims_uses_check" CHECK ("benefit_claims"."uses_redeemed" >= 0 and "benefit_claims"."uses_redeemed" <= "benefit_claims"."voucher_uses");
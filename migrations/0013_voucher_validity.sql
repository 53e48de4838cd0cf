ALTER TABLE "benefit_campaigns" ADD COLUMN "voucher_valid_days" integer;--> statement-breakpoint
ALTER TABLE "benefit_campaigns" ADD COLUMN "vouchers_voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "benefit_claims" ADD COLUMN "valid_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "benefit_campaigns" ADD CONSTRAINT "benefit_campaigns_voucher_valid_days_check" CHECK ("benefit_campaigns"."voucher_valid_days" between 1 and 366);--> statement-breakpoint
-- custom: vouchers claimed before vouchers had their own end stay valid to their campaign's planned end, as they were.
UPDATE "benefit_claims" x SET "valid_until" = c."ends_at" FROM "benefit_campaigns" c WHERE c."id" = x."campaign_id" AND c."kind" = 'voucher' AND x."valid_until" IS NULL;

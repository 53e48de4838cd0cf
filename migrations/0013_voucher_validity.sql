ALTER TABLE "benefit_campaigns" ADD COLUMN "voucher_valid_days" integer;--> statement-breakpoint
ALTER TABLE "benefit_campaigns" ADD COLUMN "vouchers_voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "benefit_claims" ADD COLUMN "valid_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "benefit_campaigns" ADD CONSTRAINT "benefit_campaigns_voucher_valid_days_check" CHECK ("benefit_campaigns"."voucher_valid_days" between 1 and 366);--> statement-breakpoint
-- custom: no backfill (a full-table update would hold the table's lock for the whole migration): a voucher claimed
-- before vouchers had their own end, or by an instance of the earlier release during a rolling deploy, has no
-- valid_until, and is valid to its campaign's planned end (benefits.repository.ts redeemVoucher, voucherState).

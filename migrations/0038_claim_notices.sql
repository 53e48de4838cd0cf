ALTER TYPE "public"."notification_kind" ADD VALUE 'voucher_used';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'voucher_voided';--> statement-breakpoint
-- Claims made before this migration were never notices: they count as read (now() is taken once, so PostgreSQL
-- keeps it as the column's value for existing rows without rewriting the table), and new claims start unread.
ALTER TABLE "benefit_claims" ADD COLUMN "notice_read_at" timestamp with time zone DEFAULT now();--> statement-breakpoint
ALTER TABLE "benefit_claims" ALTER COLUMN "notice_read_at" DROP DEFAULT;

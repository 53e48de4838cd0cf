CREATE TYPE "public"."certificate_source" AS ENUM('course', 'test');--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"account_id" uuid NOT NULL,
	"source" "certificate_source" NOT NULL,
	"source_id" uuid NOT NULL,
	"title" text NOT NULL,
	"holder_name" text NOT NULL,
	"org_id" uuid NOT NULL,
	"org_name" text NOT NULL,
	"score" integer,
	"issued_at" timestamp with time zone NOT NULL,
	CONSTRAINT "certificates_code_alphabet" CHECK ("certificates"."code" ~ '^[2-9A-HJ-NP-Z]{8}$')
);
--> statement-breakpoint
ALTER TABLE "benefit_campaigns" ADD COLUMN "points_price" integer;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_once" ON "certificates" USING btree ("account_id","source","source_id");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_code" ON "certificates" USING btree ("code");--> statement-breakpoint
CREATE INDEX "certificates_account_id_issued_at_index" ON "certificates" USING btree ("account_id","issued_at");--> statement-breakpoint
ALTER TABLE "benefit_campaigns" ADD CONSTRAINT "benefit_campaigns_points_price_check" CHECK ("benefit_campaigns"."points_price" is null or ("benefit_campaigns"."points_price" between 1 and 100000 and "benefit_campaigns"."kind" = 'voucher'));
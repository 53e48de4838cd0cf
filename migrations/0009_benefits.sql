CREATE TYPE "public"."benefit_kind" AS ENUM('voucher', 'gift', 'discount');--> statement-breakpoint
CREATE TYPE "public"."benefit_period" AS ENUM('once', 'daily', 'weekly');--> statement-breakpoint
CREATE TYPE "public"."place_kind" AS ENUM('station', 'event', 'merchant');--> statement-breakpoint
CREATE TABLE "benefit_campaign_places" (
	"campaign_id" uuid NOT NULL,
	"kind" "place_kind" NOT NULL,
	"place_id" uuid NOT NULL,
	"name" text NOT NULL,
	"lat" double precision,
	"lng" double precision,
	CONSTRAINT "benefit_campaign_places_campaign_id_kind_place_id_pk" PRIMARY KEY("campaign_id","kind","place_id")
);
--> statement-breakpoint
CREATE TABLE "benefit_campaign_shards" (
	"campaign_id" uuid NOT NULL,
	"shard" integer NOT NULL,
	"quota" integer NOT NULL,
	"claimed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "benefit_campaign_shards_campaign_id_shard_pk" PRIMARY KEY("campaign_id","shard"),
	CONSTRAINT "benefit_campaign_shards_claimed_check" CHECK ("benefit_campaign_shards"."claimed" >= 0 and "benefit_campaign_shards"."claimed" <= "benefit_campaign_shards"."quota")
);
--> statement-breakpoint
CREATE TABLE "benefit_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"kind" "benefit_kind" NOT NULL,
	"quota" integer NOT NULL,
	"period" "benefit_period" NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"eligible_org_id" uuid NOT NULL,
	"eligible_path" text NOT NULL,
	"requires_rotating_code" boolean NOT NULL,
	"max_distance_meters" integer,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "benefit_campaigns_quota_check" CHECK ("benefit_campaigns"."quota" > 0),
	CONSTRAINT "benefit_campaigns_window_check" CHECK ("benefit_campaigns"."ends_at" > "benefit_campaigns"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "benefit_claims" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"period_key" text NOT NULL,
	"place_kind" "place_kind" NOT NULL,
	"place_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"redeemed_at" timestamp with time zone,
	"redeemed_by" uuid
);
--> statement-breakpoint
CREATE TABLE "place_codes" (
	"kind" "place_kind" NOT NULL,
	"place_id" uuid NOT NULL,
	"generation" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "place_codes_kind_place_id_pk" PRIMARY KEY("kind","place_id")
);
--> statement-breakpoint
ALTER TABLE "benefit_campaign_places" ADD CONSTRAINT "benefit_campaign_places_campaign_id_benefit_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."benefit_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_campaign_shards" ADD CONSTRAINT "benefit_campaign_shards_campaign_id_benefit_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."benefit_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_campaigns" ADD CONSTRAINT "benefit_campaigns_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_campaigns" ADD CONSTRAINT "benefit_campaigns_eligible_org_id_orgs_id_fk" FOREIGN KEY ("eligible_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_campaigns" ADD CONSTRAINT "benefit_campaigns_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_claims" ADD CONSTRAINT "benefit_claims_campaign_id_benefit_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."benefit_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_claims" ADD CONSTRAINT "benefit_claims_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_claims" ADD CONSTRAINT "benefit_claims_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "benefit_campaign_places_kind_place_id_index" ON "benefit_campaign_places" USING btree ("kind","place_id");--> statement-breakpoint
CREATE INDEX "benefit_campaigns_org_id_ends_at_index" ON "benefit_campaigns" USING btree ("org_id","ends_at");--> statement-breakpoint
CREATE UNIQUE INDEX "benefit_claims_once_per_period" ON "benefit_claims" USING btree ("campaign_id","account_id","period_key");--> statement-breakpoint
CREATE INDEX "benefit_claims_account_id_claimed_at_index" ON "benefit_claims" USING btree ("account_id","claimed_at");--> statement-breakpoint
CREATE INDEX "benefit_claims_place_kind_place_id_claimed_at_index" ON "benefit_claims" USING btree ("place_kind","place_id","claimed_at");
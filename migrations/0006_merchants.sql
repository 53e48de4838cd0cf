CREATE TYPE "public"."merchant_category" AS ENUM('eatery', 'phone_repair', 'car_wash', 'vehicle_service', 'fuel', 'lodging', 'other');--> statement-breakpoint
CREATE TABLE "merchant_staff" (
	"merchant_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "merchant_staff_merchant_id_account_id_pk" PRIMARY KEY("merchant_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "merchants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"category" "merchant_category" NOT NULL,
	"address" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"discount" text NOT NULL,
	"discount_percent" integer,
	"org_id" uuid NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "merchants_discount_percent_range" CHECK ("merchants"."discount_percent" is null or "merchants"."discount_percent" between 1 and 90),
	CONSTRAINT "merchants_location_range" CHECK ("merchants"."lat" between -90 and 90 and "merchants"."lng" between -180 and 180)
);
--> statement-breakpoint
ALTER TABLE "merchant_staff" ADD CONSTRAINT "merchant_staff_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchant_staff" ADD CONSTRAINT "merchant_staff_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchants" ADD CONSTRAINT "merchants_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "merchant_staff_account_id_index" ON "merchant_staff" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "merchants_active_lat_lng_idx" ON "merchants" USING btree ("lat","lng") WHERE active;--> statement-breakpoint
CREATE INDEX "merchants_org_id_index" ON "merchants" USING btree ("org_id");
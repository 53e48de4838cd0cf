CREATE TYPE "public"."station_host_kind" AS ENUM('bank', 'estate_agency', 'petrol_station', 'shop', 'supermarket', 'union_office', 'community_centre', 'courier_site', 'other');--> statement-breakpoint
CREATE TABLE "stations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"host_kind" "station_host_kind" NOT NULL,
	"address" text NOT NULL,
	"district" text,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"facility_ids" smallint[] DEFAULT '{}' NOT NULL,
	"hours" text NOT NULL,
	"is24h" boolean DEFAULT false NOT NULL,
	"open_week" "int4multirange" NOT NULL,
	"org_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stations_code_unique" UNIQUE("code"),
	CONSTRAINT "stations_lat_range" CHECK ("stations"."lat" between -90 and 90),
	CONSTRAINT "stations_lng_range" CHECK ("stations"."lng" between -180 and 180)
);
--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stations_org_id_index" ON "stations" USING btree ("org_id");
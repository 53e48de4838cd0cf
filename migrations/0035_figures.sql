CREATE TYPE "public"."figure_metric" AS ENUM('join', 'approve_time', 'card_time', 'booking', 'claim', 'station_search', 'pending');--> statement-breakpoint
CREATE TABLE "figure_deltas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"metric" "figure_metric" NOT NULL,
	"day" date NOT NULL,
	"dim" text NOT NULL,
	"item_id" uuid,
	"sub_id" uuid,
	"n" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "figure_item_days" (
	"metric" "figure_metric" NOT NULL,
	"item_id" uuid NOT NULL,
	"day" date NOT NULL,
	"dim" text NOT NULL,
	"sub_id" uuid NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "figure_item_days_metric_day_item_id_dim_sub_id_pk" PRIMARY KEY("metric","day","item_id","dim","sub_id")
);
--> statement-breakpoint
CREATE TABLE "figure_org_days" (
	"org_id" uuid NOT NULL,
	"metric" "figure_metric" NOT NULL,
	"day" date NOT NULL,
	"dim" text NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "figure_org_days_org_id_metric_day_dim_pk" PRIMARY KEY("org_id","metric","day","dim")
);

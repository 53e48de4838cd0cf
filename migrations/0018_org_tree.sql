ALTER TYPE "public"."org_kind" ADD VALUE 'park';--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN "takes_joins" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN "closed_at" timestamp with time zone;
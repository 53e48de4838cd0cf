ALTER TABLE "orgs" ADD COLUMN "contact_phone" text;--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN "office_hours" text;
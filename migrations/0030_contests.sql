CREATE TYPE "public"."contest_flag" AS ENUM('pending', 'approved', 'rejected');--> statement-breakpoint
CREATE TABLE "contest_attempts" (
	"attempt_id" uuid PRIMARY KEY NOT NULL,
	"contest_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"score" integer NOT NULL,
	"taken_ms" integer NOT NULL,
	"min_ms" integer NOT NULL,
	"flag" "contest_flag",
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"graded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contest_entries" (
	"contest_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"pending" integer DEFAULT 0 NOT NULL,
	"best_score" integer,
	"best_ms" integer,
	"best_at" timestamp with time zone,
	"rank_key" bigint,
	CONSTRAINT "contest_entries_contest_id_account_id_pk" PRIMARY KEY("contest_id","account_id"),
	CONSTRAINT "contest_entries_best_whole" CHECK (("contest_entries"."rank_key" is null) = ("contest_entries"."best_score" is null))
);
--> statement-breakpoint
CREATE TABLE "contest_org_stats" (
	"contest_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"participants" integer DEFAULT 0 NOT NULL,
	"ranked" integer DEFAULT 0 NOT NULL,
	"score_sum" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "contest_org_stats_contest_id_org_id_pk" PRIMARY KEY("contest_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "contest_prizes" (
	"contest_id" uuid NOT NULL,
	"place" integer NOT NULL,
	"account_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"score" integer NOT NULL,
	"taken_ms" integer NOT NULL,
	"points_paid" integer NOT NULL,
	"voucher_claim_id" uuid,
	"voucher_note" text,
	CONSTRAINT "contest_prizes_contest_id_place_pk" PRIMARY KEY("contest_id","place")
);
--> statement-breakpoint
CREATE TABLE "contest_rank_buckets" (
	"contest_id" uuid NOT NULL,
	"bucket" bigint NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "contest_rank_buckets_contest_id_bucket_pk" PRIMARY KEY("contest_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "contests" (
	"test_id" uuid PRIMARY KEY NOT NULL,
	"tries_per_day" integer NOT NULL,
	"prize_places" integer DEFAULT 0 NOT NULL,
	"prize_campaign_id" uuid,
	"settled_at" timestamp with time zone,
	"settled_by" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contests_tries" CHECK ("contests"."tries_per_day" between 1 and 10),
	CONSTRAINT "contests_places" CHECK ("contests"."prize_places" between 0 and 100),
	CONSTRAINT "contests_settled_whole" CHECK (("contests"."settled_at" is null) = ("contests"."settled_by" is null))
);
--> statement-breakpoint
ALTER TABLE "contest_attempts" ADD CONSTRAINT "contest_attempts_attempt_id_test_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."test_attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_attempts" ADD CONSTRAINT "contest_attempts_contest_id_contests_test_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("test_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_attempts" ADD CONSTRAINT "contest_attempts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_attempts" ADD CONSTRAINT "contest_attempts_reviewed_by_accounts_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_entries" ADD CONSTRAINT "contest_entries_contest_id_contests_test_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("test_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_entries" ADD CONSTRAINT "contest_entries_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_entries" ADD CONSTRAINT "contest_entries_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_org_stats" ADD CONSTRAINT "contest_org_stats_contest_id_contests_test_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("test_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_org_stats" ADD CONSTRAINT "contest_org_stats_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_prizes" ADD CONSTRAINT "contest_prizes_contest_id_contests_test_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("test_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_prizes" ADD CONSTRAINT "contest_prizes_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_prizes" ADD CONSTRAINT "contest_prizes_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_rank_buckets" ADD CONSTRAINT "contest_rank_buckets_contest_id_contests_test_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("test_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contests" ADD CONSTRAINT "contests_test_id_learning_tests_id_fk" FOREIGN KEY ("test_id") REFERENCES "public"."learning_tests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contests" ADD CONSTRAINT "contests_settled_by_accounts_id_fk" FOREIGN KEY ("settled_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contests" ADD CONSTRAINT "contests_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contest_attempts_contest_id_account_id_index" ON "contest_attempts" USING btree ("contest_id","account_id");--> statement-breakpoint
CREATE INDEX "contest_attempts_flagged" ON "contest_attempts" USING btree ("contest_id","graded_at") WHERE flag is not null;--> statement-breakpoint
CREATE INDEX "contest_entries_ranking" ON "contest_entries" USING btree ("contest_id","rank_key","best_at","account_id") WHERE rank_key is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "contest_prizes_contest_id_account_id_index" ON "contest_prizes" USING btree ("contest_id","account_id");
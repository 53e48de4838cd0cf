CREATE TYPE "public"."course_audience" AS ENUM('members', 'category', 'cadres');--> statement-breakpoint
CREATE TYPE "public"."lesson_kind" AS ENUM('text', 'video', 'pdf');--> statement-breakpoint
CREATE TYPE "public"."points_rule" AS ENUM('lesson_completed', 'test_passed', 'contest_place', 'class_attended', 'spend');--> statement-breakpoint
CREATE TYPE "public"."question_kind" AS ENUM('single', 'multiple', 'true_false');--> statement-breakpoint
CREATE TYPE "public"."review_opens" AS ENUM('graded', 'closed');--> statement-breakpoint
CREATE TABLE "courses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"audience" "course_audience" DEFAULT 'members' NOT NULL,
	"category" "worker_category",
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "courses_category_given" CHECK (("courses"."audience" = 'category') = ("courses"."category" is not null))
);
--> statement-breakpoint
CREATE TABLE "learning_tests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"bank_id" uuid NOT NULL,
	"title" text NOT NULL,
	"question_count" integer NOT NULL,
	"time_limit_seconds" integer NOT NULL,
	"pass_percent" integer NOT NULL,
	"max_attempts" integer NOT NULL,
	"review_opens" "review_opens" DEFAULT 'graded' NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "learning_tests_window" CHECK ("learning_tests"."closes_at" > "learning_tests"."opens_at"),
	CONSTRAINT "learning_tests_counts" CHECK ("learning_tests"."question_count" > 0 and "learning_tests"."time_limit_seconds" > 0 and "learning_tests"."max_attempts" > 0)
);
--> statement-breakpoint
CREATE TABLE "lesson_progress" (
	"account_id" uuid NOT NULL,
	"lesson_id" uuid NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"last_position" integer,
	"last_beat_at" timestamp with time zone,
	"watched" text DEFAULT '' NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "lesson_progress_account_id_lesson_id_pk" PRIMARY KEY("account_id","lesson_id")
);
--> statement-breakpoint
CREATE TABLE "lessons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"kind" "lesson_kind" NOT NULL,
	"body" text,
	"url" text,
	"duration_seconds" integer,
	"quiz_test_id" uuid,
	CONSTRAINT "lessons_video_duration" CHECK ("lessons"."kind" <> 'video' or "lessons"."duration_seconds" > 0)
);
--> statement-breakpoint
CREATE TABLE "points_balances" (
	"account_id" uuid NOT NULL,
	"balance" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_balances_account_id_pk" PRIMARY KEY("account_id"),
	CONSTRAINT "points_balances_not_negative" CHECK ("points_balances"."balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "points_ledger" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"rule" "points_rule" NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text NOT NULL,
	"label" text NOT NULL,
	"delta" integer NOT NULL,
	"balance_after" integer NOT NULL,
	"day" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_ledger_balance_after" CHECK ("points_ledger"."balance_after" >= 0)
);
--> statement-breakpoint
CREATE TABLE "points_rules" (
	"rule" "points_rule" PRIMARY KEY NOT NULL,
	"points" integer NOT NULL,
	"daily_cap" integer,
	"total_cap" integer
);
--> statement-breakpoint
CREATE TABLE "question_banks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"title" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bank_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" "question_kind" NOT NULL,
	"stem" text NOT NULL,
	"options" jsonb NOT NULL,
	"answer" integer[] NOT NULL,
	"explanation" text,
	CONSTRAINT "questions_answer_given" CHECK (cardinality("questions"."answer") >= 1)
);
--> statement-breakpoint
CREATE TABLE "test_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"test_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"seed" integer NOT NULL,
	"question_ids" uuid[] NOT NULL,
	"option_orders" jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"answers" jsonb,
	"correct_count" integer,
	"score" integer,
	"passed" boolean,
	"timed_out" boolean,
	"points_earned" integer,
	"graded_at" timestamp with time zone,
	CONSTRAINT "test_attempts_graded_whole" CHECK ((graded_at is null) = (score is null))
);
--> statement-breakpoint
ALTER TABLE "courses" ADD CONSTRAINT "courses_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courses" ADD CONSTRAINT "courses_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_tests" ADD CONSTRAINT "learning_tests_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_tests" ADD CONSTRAINT "learning_tests_bank_id_question_banks_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."question_banks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_tests" ADD CONSTRAINT "learning_tests_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_progress" ADD CONSTRAINT "lesson_progress_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_progress" ADD CONSTRAINT "lesson_progress_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_quiz_test_id_learning_tests_id_fk" FOREIGN KEY ("quiz_test_id") REFERENCES "public"."learning_tests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_balances" ADD CONSTRAINT "points_balances_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_ledger" ADD CONSTRAINT "points_ledger_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_banks" ADD CONSTRAINT "question_banks_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_banks" ADD CONSTRAINT "question_banks_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_bank_id_question_banks_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."question_banks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_attempts" ADD CONSTRAINT "test_attempts_test_id_learning_tests_id_fk" FOREIGN KEY ("test_id") REFERENCES "public"."learning_tests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_attempts" ADD CONSTRAINT "test_attempts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "courses_org_path_index" ON "courses" USING btree ("org_path");--> statement-breakpoint
CREATE INDEX "learning_tests_org_path_index" ON "learning_tests" USING btree ("org_path");--> statement-breakpoint
CREATE UNIQUE INDEX "lessons_course_id_position_index" ON "lessons" USING btree ("course_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "points_ledger_once" ON "points_ledger" USING btree ("rule","source_type","source_id","account_id");--> statement-breakpoint
CREATE INDEX "points_ledger_account_id_at_index" ON "points_ledger" USING btree ("account_id","at");--> statement-breakpoint
CREATE INDEX "points_ledger_account_id_rule_day_index" ON "points_ledger" USING btree ("account_id","rule","day");--> statement-breakpoint
CREATE INDEX "question_banks_org_id_index" ON "question_banks" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "questions_bank_id_position_index" ON "questions" USING btree ("bank_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "test_attempts_one_open" ON "test_attempts" USING btree ("test_id","account_id") WHERE graded_at is null;--> statement-breakpoint
CREATE INDEX "test_attempts_account_id_test_id_index" ON "test_attempts" USING btree ("account_id","test_id");
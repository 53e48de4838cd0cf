CREATE TYPE "public"."course_audience" AS ENUM('members', 'category', 'cadres');--> statement-breakpoint
CREATE TYPE "public"."lesson_kind" AS ENUM('text', 'video', 'pdf');--> statement-breakpoint
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
ALTER TABLE "courses" ADD CONSTRAINT "courses_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courses" ADD CONSTRAINT "courses_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_progress" ADD CONSTRAINT "lesson_progress_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_progress" ADD CONSTRAINT "lesson_progress_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_quiz_test_id_learning_tests_id_fk" FOREIGN KEY ("quiz_test_id") REFERENCES "public"."learning_tests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "courses_org_path_index" ON "courses" USING btree ("org_path");--> statement-breakpoint
CREATE UNIQUE INDEX "lessons_course_id_position_index" ON "lessons" USING btree ("course_id","position");
CREATE TYPE "public"."actor_kind" AS ENUM('state', 'organisation');--> statement-breakpoint
CREATE TYPE "public"."alias_kind" AS ENUM('name', 'demonym', 'capital', 'body', 'official');--> statement-breakpoint
CREATE TYPE "public"."date_precision" AS ENUM('day', 'month');--> statement-breakpoint
CREATE TYPE "public"."review_status" AS ENUM('auto', 'confirmed', 'corrected', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."stance" AS ENUM('support', 'neutral', 'condemn');--> statement-breakpoint
CREATE TABLE "actor_aliases" (
	"id" serial PRIMARY KEY NOT NULL,
	"actor_id" integer NOT NULL,
	"alias" text NOT NULL,
	"kind" "alias_kind" NOT NULL,
	"language" text,
	"valid_from" date,
	"valid_to" date,
	"role" text,
	CONSTRAINT "actor_aliases_actor_alias_from_uq" UNIQUE NULLS NOT DISTINCT("actor_id","alias","valid_from")
);
--> statement-breakpoint
CREATE TABLE "actors" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" "actor_kind" NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 100 NOT NULL,
	"color" text,
	CONSTRAINT "actors_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "cited_sources" (
	"id" serial PRIMARY KEY NOT NULL,
	"report_id" integer NOT NULL,
	"outlet" text NOT NULL,
	"cited_on" date NOT NULL,
	"precision" date_precision DEFAULT 'day' NOT NULL,
	"citation" text NOT NULL,
	"start" integer NOT NULL,
	"end" integer NOT NULL,
	CONSTRAINT "cited_sources_report_start_uq" UNIQUE("report_id","start","outlet")
);
--> statement-breakpoint
CREATE TABLE "coding_revisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"coding_id" integer NOT NULL,
	"action" text NOT NULL,
	"changed_by" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"old_value" jsonb,
	"new_value" jsonb NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "codings" (
	"id" serial PRIMARY KEY NOT NULL,
	"actor_id" integer NOT NULL,
	"topic_id" integer NOT NULL,
	"report_id" integer NOT NULL,
	"stance" "stance" NOT NULL,
	"statement_date" date NOT NULL,
	"statement_date_precision" date_precision DEFAULT 'day' NOT NULL,
	"evidence" text NOT NULL,
	"evidence_start" integer NOT NULL,
	"evidence_end" integer NOT NULL,
	"cited_source_id" integer,
	"coder" text NOT NULL,
	"confidence" real NOT NULL,
	"status" "review_status" DEFAULT 'auto' NOT NULL,
	"explanation" jsonb,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "codings_confidence_range" CHECK ("codings"."confidence" >= 0 and "codings"."confidence" <= 1),
	CONSTRAINT "codings_evidence_range" CHECK ("codings"."evidence_start" >= 0 and "codings"."evidence_end" > "codings"."evidence_start")
);
--> statement-breakpoint
CREATE TABLE "app_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"topic_id" integer NOT NULL,
	"title" text NOT NULL,
	"outlet" text NOT NULL,
	"published_on" date NOT NULL,
	"published_precision" date_precision DEFAULT 'day' NOT NULL,
	"url" text,
	"language" text DEFAULT 'en' NOT NULL,
	"body" text NOT NULL,
	"content_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reports_content_hash_uq" UNIQUE("content_hash")
);
--> statement-breakpoint
CREATE TABLE "topics" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"acting_party" text NOT NULL,
	"acting_party_aliases" text[] DEFAULT '{}' NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "topics_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
ALTER TABLE "actor_aliases" ADD CONSTRAINT "actor_aliases_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cited_sources" ADD CONSTRAINT "cited_sources_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coding_revisions" ADD CONSTRAINT "coding_revisions_coding_id_codings_id_fk" FOREIGN KEY ("coding_id") REFERENCES "public"."codings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "codings" ADD CONSTRAINT "codings_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "codings" ADD CONSTRAINT "codings_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "codings" ADD CONSTRAINT "codings_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "codings" ADD CONSTRAINT "codings_cited_source_id_cited_sources_id_fk" FOREIGN KEY ("cited_source_id") REFERENCES "public"."cited_sources"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "actor_aliases_actor_idx" ON "actor_aliases" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "cited_sources_report_idx" ON "cited_sources" USING btree ("report_id","start");--> statement-breakpoint
CREATE INDEX "cited_sources_outlet_idx" ON "cited_sources" USING btree (lower("outlet"));--> statement-breakpoint
CREATE INDEX "coding_revisions_coding_idx" ON "coding_revisions" USING btree ("coding_id","changed_at");--> statement-breakpoint
CREATE INDEX "codings_actor_date_idx" ON "codings" USING btree ("actor_id","statement_date","id");--> statement-breakpoint
CREATE INDEX "codings_topic_date_idx" ON "codings" USING btree ("topic_id","statement_date","id");--> statement-breakpoint
CREATE INDEX "codings_status_date_idx" ON "codings" USING btree ("status","statement_date");--> statement-breakpoint
CREATE INDEX "codings_date_idx" ON "codings" USING btree ("statement_date","id");--> statement-breakpoint
CREATE INDEX "codings_report_idx" ON "codings" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "codings_cited_source_idx" ON "codings" USING btree ("cited_source_id");--> statement-breakpoint
CREATE INDEX "reports_topic_published_idx" ON "reports" USING btree ("topic_id","published_on" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "reports_published_idx" ON "reports" USING btree ("published_on" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "reports_outlet_idx" ON "reports" USING btree (lower("outlet"));
CREATE TABLE "source_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"source_id" integer NOT NULL,
	"key" text NOT NULL,
	"link" text,
	"report_id" integer,
	"content_hash" text,
	"outcome" text NOT NULL,
	"reason" text,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "source_items_key_uq" UNIQUE("source_id","key"),
	CONSTRAINT "source_items_outcome" CHECK ("source_items"."outcome" in ('added', 'duplicate', 'skipped', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"id" serial PRIMARY KEY NOT NULL,
	"topic_id" integer NOT NULL,
	"url" text NOT NULL,
	"name" text NOT NULL,
	"language" text,
	"match" text[],
	"interval_minutes" integer DEFAULT 30 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"etag" text,
	"last_modified" text,
	"last_polled_at" timestamp with time zone,
	"last_status" text,
	"last_error" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"items_seen" integer DEFAULT 0 NOT NULL,
	"reports_added" integer DEFAULT 0 NOT NULL,
	"items_skipped" integer DEFAULT 0 NOT NULL,
	"next_poll_at" timestamp with time zone DEFAULT now(),
	"lease_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sources_url_topic_uq" UNIQUE("url","topic_id"),
	CONSTRAINT "sources_last_status" CHECK ("sources"."last_status" in ('ok', 'error')),
	CONSTRAINT "sources_interval" CHECK ("sources"."interval_minutes" >= 1)
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ALTER COLUMN "shift_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "source_id" integer;--> statement-breakpoint
ALTER TABLE "source_items" ADD CONSTRAINT "source_items_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_items" ADD CONSTRAINT "source_items_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "source_items_link_idx" ON "source_items" USING btree ("source_id","link");--> statement-breakpoint
CREATE INDEX "sources_due_idx" ON "sources" USING btree ("next_poll_at") WHERE "sources"."active";--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reports_source_idx" ON "reports" USING btree ("source_id");
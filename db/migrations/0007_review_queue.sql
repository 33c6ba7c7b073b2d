ALTER TABLE "webhooks" ADD COLUMN "min_confidence" real;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "reviewed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "codings_status_confidence_idx" ON "codings" USING btree ("status","confidence","id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_shift_idx" ON "webhook_deliveries" USING btree ("webhook_id","shift_id");--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_min_confidence_range" CHECK ("webhooks"."min_confidence" >= 0 and "webhooks"."min_confidence" <= 1);

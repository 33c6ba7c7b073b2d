-- Twins stored before the index (one actor coded twice on one span of a report, both live) cannot stay: each
-- later twin is rejected, with a revision that names the coding it repeats, so the index below can be built.
WITH twins AS (
  SELECT c.id, c.stance, c.status, c.statement_date, c.statement_date_precision, c.evidence_start, c.evidence_end,
         c.cited_source_id, c.confidence,
         first_value(c.id) OVER (PARTITION BY c.report_id, c.actor_id, c.evidence_start, c.evidence_end
                                 ORDER BY c.id) AS kept
  FROM "codings" c WHERE c.status <> 'rejected'
), rejected AS (
  UPDATE "codings" SET "status" = 'rejected', "updated_at" = now()
  FROM twins WHERE "codings"."id" = twins.id AND twins.id <> twins.kept
  RETURNING twins.*
)
INSERT INTO "coding_revisions" ("coding_id", "action", "changed_by", "old_value", "new_value", "note")
SELECT r.id, 'reject', 'migration',
  jsonb_build_object('stance', r.stance, 'status', r.status, 'statementDate', r.statement_date,
    'statementDatePrecision', r.statement_date_precision, 'evidenceStart', r.evidence_start,
    'evidenceEnd', r.evidence_end, 'citedSourceId', r.cited_source_id, 'confidence', round(r.confidence::numeric, 3)),
  jsonb_build_object('stance', r.stance, 'status', 'rejected', 'statementDate', r.statement_date,
    'statementDatePrecision', r.statement_date_precision, 'evidenceStart', r.evidence_start,
    'evidenceEnd', r.evidence_end, 'citedSourceId', r.cited_source_id, 'confidence', round(r.confidence::numeric, 3)),
  'a twin of coding ' || r.kept || ': one live coding per actor and evidence span'
FROM rejected r;
--> statement-breakpoint
CREATE UNIQUE INDEX "codings_no_twins_idx" ON "codings" USING btree ("report_id","actor_id","evidence_start","evidence_end") WHERE "codings"."status" <> 'rejected';

-- Automatic codings stored before the coder's confidences were calibrated hold the raw weight: re-scored with the
-- map of lib/coder/calibration.ts (slope 1.12, intercept 2.31, clamped to [0.05, 0.99], three places), which is what
-- coding their reports again would store, so that the review queue and the shift filters read one scale.
UPDATE "codings" SET
  "confidence" = round(least(0.99, greatest(0.05, 1 / (1 + exp(-(1.12 * ln(raw.w / (1 - raw.w)) + 2.31)))))::numeric, 3),
  "coder" = 'stancewatch-coder/1.1'
FROM (
  SELECT "id" AS cid, least(0.99, greatest(0.05, "confidence"::double precision)) AS w
  FROM "codings" WHERE "coder" = 'stancewatch-coder/1.0'
) raw
WHERE "codings"."id" = raw.cid;

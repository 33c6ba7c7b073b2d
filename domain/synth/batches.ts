import type { SynthReport } from "./generate";

/**
 * Synthetic reports turned into what a bulk load sends: batches of rows in COPY's CSV dialect, encoded as
 * UTF-8, with every id already given. Pure, so it runs in a worker thread beside the database (scripts/synth/worker.ts)
 * and the main thread only copies.
 */

/** The ids the rows reference, resolved once before the load. */
export type SynthReference = { actorIds: Map<string, number>; topicIds: number[] };

export const REPORT_COLUMNS = ["id", "topic_id", "title", "outlet", "published_on", "url", "body", "content_hash"];
export const CITED_COLUMNS = ["id", "report_id", "outlet", "cited_on", "citation", "start", "end"];
export const CODING_COLUMNS = [
  "actor_id",
  "topic_id",
  "report_id",
  "stance",
  "statement_date",
  "evidence",
  "evidence_start",
  "evidence_end",
  "cited_source_id",
  "coder",
  "confidence",
  "status",
];

/** One transaction's worth of rows; the last ids tell the loader how far to move each sequence. */
export type SynthCsvBatch = {
  reports: Uint8Array<ArrayBuffer>;
  citedSources: Uint8Array<ArrayBuffer>;
  codings: Uint8Array<ArrayBuffer>;
  codingCount: number;
  /** The batch's ids run from first to last; `lastCitedId` is null when the batch cites nothing. */
  firstReportId: number;
  lastReportId: number;
  firstCitedId: number;
  lastCitedId: number | null;
};

type Row = (string | number | null)[];

/**
 * Rows in the CSV dialect of COPY: a null is an unquoted empty field, every string is quoted (so an empty
 * string stays one) with its quotes doubled. Written here rather than with csv-stringify, which is general and
 * several times slower on a million codings' load (docs/performance.md).
 */
export function copyCsv(rows: readonly Row[]): string {
  let out = "";
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (i > 0) out += ",";
      if (typeof v === "string") out += `"${v.includes('"') ? v.replaceAll('"', '""') : v}"`;
      else if (typeof v === "number") out += String(v);
    }
    out += "\n";
  }
  return out;
}

const encoder = new TextEncoder();

function toBatch(batch: readonly SynthReport[], ref: SynthReference, firstReportId: number, firstCitedId: number) {
  const reportRows: Row[] = [];
  const citedRows: Row[] = [];
  const codingRows: Row[] = [];
  let citedId = firstCitedId;
  batch.forEach((r, i) => {
    const id = firstReportId + i;
    const topicId = ref.topicIds[r.topic];
    if (topicId === undefined) throw new Error(`synthetic topic ${r.topic} has no id`);
    reportRows.push([id, topicId, r.title, r.outlet, r.publishedOn, r.url, r.body, r.contentHash]);
    const ids = r.citations.map((c) => {
      citedRows.push([citedId, id, c.outlet, c.date, c.citation, c.start, c.end]);
      return citedId++;
    });
    for (const c of r.codings) {
      const actorId = ref.actorIds.get(c.actor);
      if (actorId === undefined) throw new Error(`synthetic actor ${c.actor} has no id`);
      codingRows.push([
        actorId,
        topicId,
        id,
        c.stance,
        c.statementDate,
        r.body.slice(c.evidenceStart, c.evidenceEnd),
        c.evidenceStart,
        c.evidenceEnd,
        c.citation === null ? null : (ids[c.citation] ?? null),
        "synth/1",
        c.confidence,
        c.status,
      ]);
    }
  });
  return {
    reports: encoder.encode(copyCsv(reportRows)),
    citedSources: encoder.encode(copyCsv(citedRows)),
    codings: encoder.encode(copyCsv(codingRows)),
    codingCount: codingRows.length,
    firstReportId,
    firstCitedId,
    lastReportId: firstReportId + batch.length - 1,
    lastCitedId: citedId > firstCitedId ? citedId - 1 : null,
  };
}

/**
 * Batches of `batchSize` reports as COPY input. Ids run on from `first` without gaps: reports from
 * `first.report`, cited sources from `first.cited`, in the order the reports come.
 */
export function* synthCsvBatches(
  source: Iterable<SynthReport>,
  ref: SynthReference,
  first: { report: number; cited: number },
  batchSize: number,
): Generator<SynthCsvBatch> {
  let nextReport = first.report;
  let nextCited = first.cited;
  let batch: SynthReport[] = [];
  const flush = () => {
    const out = toBatch(batch, ref, nextReport, nextCited);
    nextReport = out.lastReportId + 1;
    if (out.lastCitedId !== null) nextCited = out.lastCitedId + 1;
    batch = [];
    return out;
  };
  for (const report of source) {
    batch.push(report);
    if (batch.length >= batchSize) yield flush();
  }
  if (batch.length) yield flush();
}

import "server-only";
import { stringify } from "csv-stringify/sync";
import type { StanceItem } from "../../contracts/responses";

export type CsvColumn<T> = { header: string; value: (row: T) => string | number | null | undefined };

/**
 * Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return) as a formula: such
 * text cells get a leading apostrophe. Numbers stay numbers.
 */
export function neutralizeFormula(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const CSV_OPTIONS = {
  record_delimiter: "\r\n",
  // A bare LF inside a cell must be quoted too, not only the CRLF record delimiter.
  quoted_match: /[\r\n]/,
} as const;

/** Rows written per chunk of the stream: one chunk is pulled only when the client has taken the last. */
const ROWS_PER_CHUNK = 500;

/**
 * RFC 4180 CSV (CRLF, quoted when needed), UTF-8, streamed from any iterable of rows. Pull-based: rows are
 * read only as fast as the client takes the bytes, so a slow download of a million rows holds one chunk.
 */
export function csvStream<T>(
  rows: AsyncIterable<T> | Iterable<T>,
  columns: readonly CsvColumn<T>[],
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const source = (async function* () {
    yield* rows;
  })();
  let headerSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const records: string[][] = headerSent ? [] : [columns.map((c) => c.header)];
        headerSent = true;
        while (records.length < ROWS_PER_CHUNK) {
          const next = await source.next();
          if (next.done) break;
          records.push(columns.map((c) => neutralizeFormula(c.value(next.value))));
        }
        if (records.length > 0) controller.enqueue(encoder.encode(stringify(records, CSV_OPTIONS)));
        if (records.length < ROWS_PER_CHUNK) controller.close();
      },
      async cancel() {
        await source.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

export function csvResponse<T>(
  rows: AsyncIterable<T> | Iterable<T>,
  columns: readonly CsvColumn<T>[],
  filename: string,
): Response {
  return new Response(csvStream(rows, columns), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
    },
  });
}

export const STANCE_CSV_COLUMNS: readonly CsvColumn<StanceItem>[] = [
  { header: "id", value: (r) => r.id },
  { header: "actor", value: (r) => r.actor },
  { header: "actor_name", value: (r) => r.actorName },
  { header: "topic_id", value: (r) => r.topicId },
  { header: "report_id", value: (r) => r.reportId },
  { header: "report_title", value: (r) => r.reportTitle },
  { header: "report_outlet", value: (r) => r.reportOutlet },
  { header: "report_url", value: (r) => r.reportUrl },
  { header: "stance", value: (r) => r.stance },
  { header: "statement_date", value: (r) => r.statementDate },
  { header: "statement_date_precision", value: (r) => r.statementDatePrecision },
  { header: "evidence", value: (r) => r.evidence },
  { header: "evidence_start", value: (r) => r.evidenceStart },
  { header: "evidence_end", value: (r) => r.evidenceEnd },
  { header: "cited_outlet", value: (r) => r.citedSource?.outlet },
  { header: "cited_date", value: (r) => r.citedSource?.date },
  { header: "coder", value: (r) => r.coder },
  { header: "confidence", value: (r) => r.confidence },
  { header: "status", value: (r) => r.status },
  { header: "note", value: (r) => r.note },
  { header: "explanation", value: (r) => (r.explanation ? JSON.stringify(r.explanation) : null) },
  { header: "report_published_on", value: (r) => r.reportPublishedOn },
  { header: "created_at", value: (r) => r.createdAt },
  { header: "updated_at", value: (r) => r.updatedAt },
];

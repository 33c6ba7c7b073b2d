import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import type { StanceItem } from "../db/queries/stances";

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

/** RFC 4180 CSV (CRLF, quoted when needed), UTF-8, streamed from any iterable of rows. */
export function csvStream<T>(
  rows: AsyncIterable<T> | Iterable<T>,
  columns: readonly CsvColumn<T>[],
): ReadableStream<Uint8Array> {
  const stringifier = stringify({
    header: true,
    columns: columns.map((c) => c.header),
    record_delimiter: "\r\n",
    // A bare LF inside a cell must be quoted too, not only the CRLF record delimiter.
    quoted_match: /[\r\n]/,
  });
  const records = Readable.from(
    (async function* () {
      for await (const row of rows) yield columns.map((c) => neutralizeFormula(c.value(row)));
    })(),
  );
  records.on("error", (error) => stringifier.destroy(error));
  records.pipe(stringifier);
  return Readable.toWeb(stringifier) as ReadableStream<Uint8Array>;
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

import { and, asc, desc, eq, gte, lte, type SQL, sql } from "drizzle-orm";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type ReportsQuery } from "../../contracts/filters";
import type { ReportDetail, ReportSummary } from "../../contracts/responses";
import type { Citation } from "../../domain/coder/citations";
import { Problem } from "../../domain/errors";
import { contentHash } from "../../domain/text";
import type { Database } from "../client";
import {
  citedSources,
  codingRevisions,
  codings,
  type DatePrecision,
  type NewCoding,
  REVIEW_STATUSES,
  type Report,
  reports,
  sources,
  topics,
} from "../schema";
import { decodeCursor, encodeCursor } from "./cursor";
import { resolveTopicId } from "./filters";
import { writeSourceItem } from "./sources";
import { streamStances } from "./stances";
import { type ShiftOutbox, withShiftOutbox } from "./webhooks";

const summaryColumns = {
  id: reports.id,
  topicId: reports.topicId,
  topicSlug: topics.slug,
  title: reports.title,
  outlet: reports.outlet,
  publishedOn: reports.publishedOn,
  publishedPrecision: reports.publishedPrecision,
  url: reports.url,
  language: reports.language,
  createdAt: reports.createdAt,
  codingCount: sql<number>`(select count(*)::int from ${codings} where ${codings.reportId} = ${reports.id} and ${codings.status} <> 'rejected')`,
};

function toSummary<T extends { createdAt: Date; codingCount: number }>(row: T) {
  return { ...row, createdAt: row.createdAt.toISOString(), codingCount: Number(row.codingCount) };
}

/** Reports newest first (publication date, then id), keyset-paginated. */
export async function listReports(
  db: Database,
  query: ReportsQuery,
): Promise<{ items: ReportSummary[]; nextCursor: string | null }> {
  const limit = Math.min(query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const conds: (SQL | undefined)[] = [];
  if (query.topic) conds.push(eq(reports.topicId, await resolveTopicId(db, query.topic)));
  if (query.outlet) conds.push(sql`lower(${reports.outlet}) = ${query.outlet.toLowerCase()}`);
  if (query.language) conds.push(eq(reports.language, query.language));
  if (query.from) conds.push(gte(reports.publishedOn, query.from));
  if (query.to) conds.push(lte(reports.publishedOn, query.to));
  if (query.cursor) {
    const [date, id] = decodeCursor("reports", query.cursor);
    conds.push(sql`(${reports.publishedOn}, ${reports.id}) < (${date}::date, ${id})`);
  }
  const rows = await db
    .select(summaryColumns)
    .from(reports)
    .innerJoin(topics, eq(topics.id, reports.topicId))
    .where(and(...conds))
    .orderBy(desc(reports.publishedOn), desc(reports.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(toSummary);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor("reports", [last.publishedOn, last.id]) : null,
  };
}

async function collect<T>(items: Promise<AsyncIterable<T>>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of await items) out.push(item);
  return out;
}

/** A report with its body, its cited sources in text order and all its codings (rejected ones included). */
export async function getReport(db: Database, id: number): Promise<ReportDetail> {
  const [row] = await db
    .select({
      ...summaryColumns,
      body: reports.body,
      contentHash: reports.contentHash,
      sourceId: sources.id,
      sourceName: sources.name,
    })
    .from(reports)
    .innerJoin(topics, eq(topics.id, reports.topicId))
    .leftJoin(sources, eq(sources.id, reports.sourceId))
    .where(eq(reports.id, id));
  if (!row) throw new Problem("not_found", `No report with id ${id}`);
  const [cited, page] = await Promise.all([
    db
      .select({
        id: citedSources.id,
        outlet: citedSources.outlet,
        date: citedSources.citedOn,
        precision: citedSources.precision,
        citation: citedSources.citation,
        start: citedSources.start,
        end: citedSources.end,
      })
      .from(citedSources)
      .where(eq(citedSources.reportId, id))
      .orderBy(asc(citedSources.start)),
    collect(streamStances(db, { report: [id], status: [...REVIEW_STATUSES] })),
  ]);
  const { sourceId, sourceName, ...report } = row;
  const source = sourceId !== null && sourceName !== null ? { id: sourceId, name: sourceName } : null;
  return { ...toSummary(report), source, citedSources: cited, codings: page };
}

export type NewReportCoding = Omit<
  NewCoding,
  "id" | "reportId" | "topicId" | "citedSourceId" | "evidence" | "createdAt" | "updatedAt"
> & {
  /** Index into the report's citations, when the statement cites one. */
  citation: number | null;
};

export type NewReportInput = {
  topicId: number;
  title: string;
  outlet: string;
  publishedOn: string;
  publishedPrecision: DatePrecision;
  url: string | null;
  language: string;
  /** Already normalised (see normalizeBody): offsets refer to this exact text. */
  body: string;
  citations: Citation[];
  codings: NewReportCoding[];
  /** The feed item it comes from (db/queries/sources.ts): logged as added in the same transaction. */
  source?: { id: number; key: string; link: string | null } | null;
};

export class DuplicateReportError extends Problem {
  readonly existingId: number;
  constructor(existingId: number) {
    super("conflict", `This text is already stored as report ${existingId}`, { details: { reportId: existingId } });
    this.existingId = existingId;
  }
}

export async function findReportByHash(db: Database, hash: string): Promise<Pick<Report, "id"> | undefined> {
  const [row] = await db.select({ id: reports.id }).from(reports).where(eq(reports.contentHash, hash)).limit(1);
  return row;
}

/**
 * Stores a report, its citations, its codings and their first revision in one transaction. The same text
 * twice is a DuplicateReportError naming the stored report.
 */
export async function createReport(
  db: Database,
  input: NewReportInput,
  changedBy: string,
  outbox: ShiftOutbox,
): Promise<{ id: number }> {
  const hash = contentHash(input.body);
  for (const c of input.codings) {
    if (c.evidenceStart < 0 || c.evidenceEnd > input.body.length || c.evidenceEnd <= c.evidenceStart) {
      throw new Problem("invalid", `Evidence offsets ${c.evidenceStart}-${c.evidenceEnd} fall outside the text`);
    }
  }
  try {
    return await insertReport(db, input, hash, changedBy, outbox);
  } catch (error) {
    // Two requests with the same text can both pass the check below; the unique index decides.
    if (
      (error as { code?: string }).code === "23505" ||
      (error as { cause?: { code?: string } }).cause?.code === "23505"
    ) {
      const existing = await findReportByHash(db, hash);
      if (existing) throw new DuplicateReportError(existing.id);
    }
    throw error;
  }
}

function insertReport(
  db: Database,
  input: NewReportInput,
  hash: string,
  changedBy: string,
  outbox: ShiftOutbox,
): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const existing = await findReportByHash(tx, hash);
    if (existing) throw new DuplicateReportError(existing.id);
    // New codings can start a shift for their actors on this topic: webhooks hear of it from this transaction.
    const scope = { topicId: input.topicId, actorIds: input.codings.map((c) => c.actorId) };
    return withShiftOutbox(tx, scope, outbox, () => writeReport(tx, input, hash, changedBy));
  });
}

async function writeReport(
  tx: Database,
  input: NewReportInput,
  hash: string,
  changedBy: string,
): Promise<{ id: number }> {
  const [report] = await tx
    .insert(reports)
    .values({
      topicId: input.topicId,
      title: input.title,
      outlet: input.outlet,
      publishedOn: input.publishedOn,
      publishedPrecision: input.publishedPrecision,
      url: input.url,
      language: input.language,
      body: input.body,
      contentHash: hash,
      sourceId: input.source?.id ?? null,
    })
    .returning({ id: reports.id });
  if (!report) throw new Error("report insert returned nothing");
  if (input.source) {
    const { id: sourceId, key, link } = input.source;
    const logged = await writeSourceItem(tx, sourceId, {
      key,
      link,
      outcome: "added",
      reportId: report.id,
      contentHash: hash,
    });
    // Another poll dealt with this item meanwhile: the report goes with this transaction.
    if (!logged)
      throw new Problem("conflict", `Item ${key} of source ${sourceId} was recorded meanwhile by another poll`);
  }
  const citedIds: { id: number; start: number; outlet: string }[] = [];
  for (const part of inBatches(input.citations)) {
    citedIds.push(
      ...(await tx
        .insert(citedSources)
        .values(
          part.map((c) => ({
            reportId: report.id,
            outlet: c.outlet,
            citedOn: c.date,
            precision: c.precision,
            citation: c.citation,
            start: c.start,
            end: c.end,
          })),
        )
        .returning({ id: citedSources.id, start: citedSources.start, outlet: citedSources.outlet })),
    );
  }
  // RETURNING order is not promised: match each citation back by its position and outlet.
  const citedId = new Map(citedIds.map((c) => [`${c.start}|${c.outlet}`, c.id]));
  const citationId = (index: number | null): number | null => {
    const c = index === null ? undefined : input.citations[index];
    return c ? (citedId.get(`${c.start}|${c.outlet}`) ?? null) : null;
  };
  // A long report can carry thousands of statements: one INSERT for all of them would exhaust the
  // database's stack (and its parameter limit), so they go in batches, still in the one transaction.
  for (const part of inBatches(input.codings)) {
    const inserted = await tx
      .insert(codings)
      .values(
        part.map(({ citation, ...c }) => ({
          ...c,
          reportId: report.id,
          topicId: input.topicId,
          evidence: input.body.slice(c.evidenceStart, c.evidenceEnd),
          citedSourceId: citationId(citation),
        })),
      )
      .returning();
    await tx.insert(codingRevisions).values(
      inserted.map((c) => ({
        codingId: c.id,
        action: "create",
        changedBy,
        oldValue: null,
        newValue: { stance: c.stance, status: c.status, statementDate: c.statementDate, confidence: c.confidence },
      })),
    );
  }
  return { id: report.id };
}

const BATCH_ROWS = 500;

function* inBatches<T>(rows: readonly T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += BATCH_ROWS) yield rows.slice(i, i + BATCH_ROWS);
}

import fs from "node:fs";
import path from "node:path";
import type { ZodError } from "zod";
import { zodIssues } from "../../contracts/errors";
import { NewReportBody } from "../../contracts/reports";
import { NewTopicBody } from "../../contracts/topics";
import { partiesFromTitle } from "../../domain/coder/parties";
import { numberedSlug, slugFromTitle } from "../../domain/topics";
import { listImportFiles } from "./files";
import { type ImportEntry, parseImportFile } from "./parse";

/**
 * The import, whatever it writes to: the database directly (server/import/database.ts) or a running server's API
 * (server/import/http.ts). Both answer the same questions, so a folder gives the same summary either way.
 */

export type TopicRef = { id: number; slug: string; title: string; actingParty: string };

/** What storing one report came to. `reportId` is null in a dry run that could not know it. */
export type StoreResult =
  | { status: "added"; reportId: number | null; stances: ReportStance[] | null }
  | { status: "duplicate"; reportId: number };

export type ReportStance = { actor: string; stance: string };

export type NewTopicInput = {
  title: string;
  actingParty: string;
  slug: string;
  targetParties?: { name: string; aliases: string[] }[];
};

export interface ImportBackend {
  /** Every topic, for matching `Topic:` references and corpus targets. */
  listTopics(): Promise<TopicRef[]>;
  /** Creates a topic; throws SlugTakenError when its slug is taken. */
  createTopic(topic: NewTopicInput): Promise<TopicRef>;
  /** Codes and stores one validated report body (the JSON of `POST /api/reports`, topic given by slug). */
  storeReport(body: Record<string, unknown>): Promise<StoreResult>;
  /** Runs one entry's writes (a topic it needs, then its report) as one transaction where the backend can. */
  atomically<T>(work: (backend: ImportBackend) => Promise<T>): Promise<T>;
}

export class SlugTakenError extends Error {
  constructor(readonly slug: string) {
    super(`The slug "${slug}" is taken`);
    this.name = "SlugTakenError";
  }
}

/** A failure that ends the whole import (the server went away, the token was refused), not one report. */
export class ImportAbortedError extends Error {
  /** `access`: the token is missing or refused (a setup problem); `server`: unreachable or failing. */
  constructor(
    message: string,
    readonly kind: "access" | "server" = "server",
  ) {
    super(message);
    this.name = "ImportAbortedError";
  }
}

export type ImportOutcome =
  | { source: string; status: "added"; reportId: number | null; stances: ReportStance[] | null; topic: string }
  /** `reportId` is the stored report; null in a dry run when the first copy is in the same run (`firstSource`). */
  | { source: string; status: "duplicate"; reportId: number | null; firstSource: string | null }
  | { source: string; status: "failed"; reason: string };

export type ImportSummary = {
  dryRun: boolean;
  /** Files read (the .txt, .md, .json and .jsonl files found, and any file named on the command line). */
  files: number;
  /** Other files found in the folders, not read. */
  skipped: string[];
  outcomes: ImportOutcome[];
  topicsCreated: TopicRef[];
  /** Set when the import stopped early; the outcomes so far are still in the summary. */
  aborted: string | null;
  added: number;
  duplicates: number;
  failed: number;
};

export type ImportProgress = {
  /** Files finished so far (0 before the first one). */
  done: number;
  total: number;
  file: string;
  /** The file's outcomes, once it is done. */
  outcomes?: ImportOutcome[];
};

export type ImportOptions = {
  /** A topic slug or id for every report, whatever the files say. */
  topic?: string;
  dryRun?: boolean;
  /** Paths in messages are shown relative to this folder. */
  cwd?: string;
  onProgress?: (progress: ImportProgress) => void;
};

/** Thrown inside an entry's transaction so that a duplicate undoes the topic the entry created for it. */
class DuplicateSignal extends Error {
  constructor(readonly reportId: number) {
    super(`duplicate of report ${reportId}`);
  }
}

function sameRef(topic: TopicRef, ref: string): boolean {
  return /^\d+$/.test(ref) ? topic.id === Number(ref) : topic.slug === ref.toLowerCase();
}

export function unknownTopicMessage(ref: string, topics: readonly TopicRef[]): string {
  const known = topics.map((t) => t.slug).sort();
  return `Unknown topic "${ref}". Known topics: ${known.join(", ") || "none yet"}`;
}

/** Finds the `--topic` the user gave, or explains which topics there are. */
export async function findTopicRef(backend: ImportBackend, ref: string): Promise<TopicRef | string> {
  const topics = await backend.listTopics();
  return topics.find((t) => sameRef(t, ref)) ?? unknownTopicMessage(ref, topics);
}

/** The fields of a report with no topic yet: what the entry must fix before anything is written. */
const ReportFields = NewReportBody.omit({ topic: true });

function validationMessage(error: ZodError): string {
  return zodIssues(error, "field")
    .map((i) => (i.path === "(root)" ? i.message : `${i.path}: ${i.message}`))
    .join("; ");
}

function hasNul(value: unknown): boolean {
  return typeof value === "string" && value.includes("\u0000");
}

export async function runImport(
  backend: ImportBackend,
  paths: readonly string[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const cwd = options.cwd ?? process.cwd();
  const show = (p: string) => displayPath(cwd, p);
  const list = listImportFiles(paths.map((p) => path.resolve(cwd, p)));
  if (list.missing.length) throw new Error(`No such file or folder: ${list.missing.map(show).join(", ")}`);

  const summary: ImportSummary = {
    dryRun: options.dryRun ?? false,
    files: list.files.length,
    skipped: list.skipped.map(show),
    outcomes: [],
    topicsCreated: [],
    aborted: null,
    added: 0,
    duplicates: 0,
    failed: 0,
  };
  let topics = await backend.listTopics();
  let fixedTopic: TopicRef | null = null;
  if (options.topic) {
    const found = topics.find((t) => sameRef(t, options.topic as string));
    if (!found) throw new Error(unknownTopicMessage(options.topic, topics));
    fixedTopic = found;
  }
  // Which source added each report in this run, so that a repeat inside one import says where the first was.
  const addedBy = new Map<number, string>();

  // Texts this dry run would add: a dry run stores nothing, so a repeat inside the run is found here.
  const wouldAdd = new Map<string, string>();

  const importEntry = async (entry: ImportEntry): Promise<ImportOutcome> => {
    const { source } = entry;
    const fields = ReportFields.safeParse(entry.report);
    if (!fields.success) return { source, status: "failed", reason: validationMessage(fields.error) };
    if (Object.values(entry.report).some(hasNul)) {
      return { source, status: "failed", reason: "contains a NUL character (is it a binary file?)" };
    }
    const spec = fixedTopic ? { ref: String(fixedTopic.id) } : entry.topic;
    if (!spec) {
      return {
        source,
        status: "failed",
        reason: 'no topic: add a "Topic: <slug>" line (or a "topic" field), or pass --topic <slug>',
      };
    }
    if (summary.dryRun) {
      const first = wouldAdd.get(fields.data.text);
      if (first !== undefined) return { source, status: "duplicate", reportId: null, firstSource: first };
    }
    let topic: TopicRef | undefined;
    if ("ref" in spec) {
      topic = topics.find((t) => sameRef(t, spec.ref));
      if (!topic) return { source, status: "failed", reason: unknownTopicMessage(spec.ref, topics) };
    } else {
      topic = topics.find((t) => t.title === spec.title.trim());
    }
    const newTitle = "title" in spec ? spec.title.trim() : "";
    try {
      const { stored, created } = await backend.atomically(async (b) => {
        const created = topic ? null : await createTopicFor(b, newTitle, topics);
        const stored = await b.storeReport({ ...entry.report, topic: (topic ?? (created as TopicRef)).slug });
        if (stored.status === "duplicate" && created) throw new DuplicateSignal(stored.reportId);
        return { stored, created };
      });
      if (created) {
        topics = [...topics, created];
        summary.topicsCreated.push(created);
      }
      if (stored.status === "duplicate") {
        return {
          source,
          status: "duplicate",
          reportId: stored.reportId,
          firstSource: addedBy.get(stored.reportId) ?? null,
        };
      }
      if (stored.reportId !== null) addedBy.set(stored.reportId, source);
      if (summary.dryRun) wouldAdd.set(fields.data.text, source);
      const slug = (topic ?? (created as TopicRef)).slug;
      return { source, status: "added", reportId: stored.reportId, stances: stored.stances, topic: slug };
    } catch (error) {
      if (error instanceof DuplicateSignal) {
        return {
          source,
          status: "duplicate",
          reportId: error.reportId,
          firstSource: addedBy.get(error.reportId) ?? null,
        };
      }
      if (error instanceof ImportAbortedError) throw error;
      return { source, status: "failed", reason: error instanceof Error ? error.message : String(error) };
    }
  };

  for (const [index, file] of list.files.entries()) {
    const name = show(file);
    options.onProgress?.({ done: index, total: list.files.length, file: name });
    const outcomes: ImportOutcome[] = [];
    try {
      let content: string;
      try {
        content = fs.readFileSync(file, "utf8");
      } catch (error) {
        outcomes.push({ source: name, status: "failed", reason: `cannot be read (${(error as Error).message})` });
        content = "";
      }
      if (outcomes.length === 0) {
        const parsed = parseImportFile(name, content);
        for (const p of parsed.problems) outcomes.push({ source: p.source, status: "failed", reason: p.reason });
        for (const entry of parsed.entries) outcomes.push(await importEntry(entry));
      }
    } catch (error) {
      if (!(error instanceof ImportAbortedError)) throw error;
      summary.aborted = error.message;
    }
    summary.outcomes.push(...outcomes);
    options.onProgress?.({ done: index + 1, total: list.files.length, file: name, outcomes });
    if (summary.aborted) break;
  }
  for (const o of summary.outcomes) {
    if (o.status === "added") summary.added++;
    else if (o.status === "duplicate") summary.duplicates++;
    else summary.failed++;
  }
  return summary;
}

/** A corpus target's topic: its acting party from the title, its slug from the title (numbered when taken). */
async function createTopicFor(backend: ImportBackend, title: string, known: readonly TopicRef[]): Promise<TopicRef> {
  const base = slugFromTitle(title);
  const taken = new Set(known.map((t) => t.slug));
  for (let n = 1; n < 100; n++) {
    const slug = n === 1 ? base : numberedSlug(base, n);
    if (taken.has(slug)) continue;
    // The same rules as POST /api/topics, checked here so both backends refuse the same topics alike.
    const parties = partiesFromTitle(title);
    if (!parties.named) {
      throw new Error(
        `cannot create the topic "${title}": it names no acting party the coder knows; create the topic with POST /api/topics (giving actingParty) and import with --topic`,
      );
    }
    const body = NewTopicBody.safeParse({
      title,
      actingParty: parties.actingParty.slice(0, 200),
      targetParties: parties.targetParties,
      slug,
    });
    if (!body.success) throw new Error(`cannot create the topic "${title}": ${validationMessage(body.error)}`);
    try {
      const { title: t, actingParty = parties.actingParty, targetParties = [] } = body.data;
      return await backend.createTopic({ title: t, actingParty, targetParties, slug });
    } catch (error) {
      // Someone else took it since the list was read: try the next number.
      if (!(error instanceof SlugTakenError)) throw error;
    }
  }
  throw new Error(`no free slug for the topic "${title}" (tried ${base} to ${numberedSlug(base, 99)})`);
}

/** A path as the user would type it from `cwd`: relative below it, absolute elsewhere. */
export function displayPath(cwd: string, p: string): string {
  const relative = path.relative(cwd, p);
  if (relative === "") return path.basename(p);
  return relative.startsWith("..") || path.isAbsolute(relative) ? p : relative;
}

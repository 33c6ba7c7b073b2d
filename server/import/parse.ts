import path from "node:path";
import { z } from "zod";

/**
 * Reading the files `npm run import` takes, with no database and no file system: a file's name and text in,
 * the reports it holds out (each still to be validated and filed under a topic), or why it cannot be read.
 *
 * - `.txt`, `.md`: a header of `Key: value` lines, a blank line, then the report's text; or the same keys as
 *   `---` front matter. Keys: Title, Outlet, Date (YYYY-MM-DD or YYYY-MM; also Published), Topic (slug or
 *   id), URL, Language.
 * - `.json`: a corpus-format report (its `target` names the topic by title), a report body as sent to
 *   `POST /api/reports`, or a list of them.
 * - `.jsonl`: one such object per line.
 */

export const IMPORT_EXTENSIONS = [".txt", ".md", ".json", ".jsonl"] as const;

/** Which topic an entry belongs to: an existing topic's slug or id, or a topic title (corpus `target`). */
export type TopicSpec = { ref: string } | { title: string };

/** One report read from a file: the fields of `POST /api/reports` without `topic`, not yet validated. */
export type ImportEntry = {
  /** Where it was read: the file, and for .jsonl or a JSON list the line or position (`a.jsonl:3`). */
  source: string;
  report: Record<string, unknown>;
  topic: TopicSpec | null;
};

export type ImportProblem = { source: string; reason: string };

export type ParsedFile = { entries: ImportEntry[]; problems: ImportProblem[] };

export function isImportable(file: string): boolean {
  return (IMPORT_EXTENSIONS as readonly string[]).includes(path.extname(file).toLowerCase());
}

/** Reads one file's text. `source` names it in every entry and message. */
export function parseImportFile(source: string, content: string): ParsedFile {
  const text = content.replace(/^\uFEFF/, "");
  const ext = path.extname(source).toLowerCase();
  try {
    if (ext === ".jsonl") return parseJsonLines(source, text);
    if (ext === ".json") return parseJsonFile(source, text);
    if (ext === ".txt" || ext === ".md") return { entries: [parseTextReport(source, text)], problems: [] };
    throw new ImportFormatError(`not a .txt, .md, .json or .jsonl file`);
  } catch (error) {
    if (error instanceof ImportFormatError) return { entries: [], problems: [{ source, reason: error.message }] };
    throw error;
  }
}

/** A file, line or object that cannot be read as a report: the message says what to fix. */
export class ImportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportFormatError";
  }
}

// ---- .txt and .md: a header, or front matter ----

/** The header keys, by their folded spelling (lowercase, no spaces, hyphens or underscores). */
const HEADER_KEYS: Record<string, "title" | "outlet" | "publishedOn" | "topic" | "url" | "language"> = {
  title: "title",
  outlet: "outlet",
  date: "publishedOn",
  published: "publishedOn",
  publishedon: "publishedOn",
  topic: "topic",
  url: "url",
  language: "language",
};
const ACCEPTED_KEYS = "Title, Outlet, Date (or Published), Topic, URL, Language";

const HEADER_LINE = /^([A-Za-z][A-Za-z _-]*?)\s*:\s*(.*?)\s*$/;

function foldKey(key: string): string {
  return key.toLowerCase().replace(/[\s_-]/g, "");
}

const HOW_TO_HEAD =
  'start the file with "Title: ...", "Outlet: ...", "Date: YYYY-MM-DD" and "Topic: <slug>" lines and a blank line ' +
  "before the text, or with the same keys between --- lines";

export function parseTextReport(source: string, text: string): ImportEntry {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines[0]?.trim() === "---") return frontMatterReport(source, lines);
  const first = HEADER_LINE.exec(lines[0] ?? "");
  if (!first?.[1] || !HEADER_KEYS[foldKey(first[1])]) {
    throw new ImportFormatError(`no metadata header: ${HOW_TO_HEAD}`);
  }
  const end = lines.findIndex((l) => l.trim() === "");
  const headerEnd = end === -1 ? lines.length : end;
  const fields = readFields(lines.slice(0, headerEnd), 1, (value) => value);
  return entryFrom(source, fields, lines.slice(headerEnd + 1));
}

function frontMatterReport(source: string, lines: string[]): ImportEntry {
  const close = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  if (close === -1)
    throw new ImportFormatError("the front matter opened by --- on line 1 is never closed by a --- line");
  const header = lines.slice(1, close);
  const fields = readFields(header, 2, unquoteYaml, true);
  return entryFrom(source, fields, lines.slice(close + 1));
}

/** `Key: value` lines into fields; `firstLine` numbers them in messages. */
function readFields(
  lines: string[],
  firstLine: number,
  value: (raw: string, line: number) => string,
  yaml = false,
): Map<string, string> {
  const fields = new Map<string, string>();
  const seenAt = new Map<string, number>();
  lines.forEach((line, i) => {
    const at = firstLine + i;
    // YAML front matter may hold blank lines and comments.
    if (yaml && (line.trim() === "" || line.trimStart().startsWith("#"))) return;
    const match = HEADER_LINE.exec(line);
    if (!match?.[1]) {
      throw new ImportFormatError(
        yaml
          ? `line ${at}: expected "key: value" in the front matter`
          : `line ${at}: expected "Key: value" in the header (a blank line must separate the header from the text)`,
      );
    }
    const field = HEADER_KEYS[foldKey(match[1])];
    if (!field) throw new ImportFormatError(`line ${at}: unknown key "${match[1]}"; the keys are ${ACCEPTED_KEYS}`);
    const before = seenAt.get(field);
    if (before !== undefined) {
      throw new ImportFormatError(`line ${at}: "${match[1]}" repeats line ${before}; give each key once`);
    }
    seenAt.set(field, at);
    fields.set(field, value(match[2] ?? "", at));
  });
  return fields;
}

/** A YAML scalar as written in simple front matter: plain, 'single' ('' is a quote) or "double" (JSON escapes). */
function unquoteYaml(raw: string, line: number): string {
  if (raw.startsWith('"')) {
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value === "string") return value;
    } catch {
      // fall through to the message below
    }
    throw new ImportFormatError(`line ${line}: a "quoted" value must end with its closing quote`);
  }
  if (raw.startsWith("'")) {
    if (raw.length < 2 || !raw.endsWith("'")) {
      throw new ImportFormatError(`line ${line}: a 'quoted' value must end with its closing quote`);
    }
    return raw.slice(1, -1).replaceAll("''", "'");
  }
  // A comment after a plain value: "en # English".
  return raw.replace(/\s+#.*$/, "");
}

function entryFrom(source: string, fields: Map<string, string>, bodyLines: string[]): ImportEntry {
  const report: Record<string, unknown> = {};
  let topic: TopicSpec | null = null;
  for (const [field, value] of fields) {
    if (field === "topic") {
      if (value) topic = { ref: value };
    } else if (value !== "" || field === "title" || field === "outlet" || field === "publishedOn") {
      report[field] = value;
    }
  }
  // The text starts at its first non-blank line, so the same report pasted elsewhere hashes the same.
  let start = 0;
  while (start < bodyLines.length && bodyLines[start]?.trim() === "") start++;
  report.text = bodyLines.slice(start).join("\n");
  return { source, report, topic };
}

// ---- .json and .jsonl ----

function parseJsonFile(source: string, text: string): ParsedFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ImportFormatError(`not valid JSON (${jsonErrorText(error)})`);
  }
  if (Array.isArray(value)) {
    const parsed: ParsedFile = { entries: [], problems: [] };
    for (const [i, item] of value.entries()) collect(parsed, `${source}[${i}]`, item);
    if (value.length === 0) parsed.problems.push({ source, reason: "an empty list: no report to import" });
    return parsed;
  }
  return { entries: [entryFromObject(source, value)], problems: [] };
}

function parseJsonLines(source: string, text: string): ParsedFile {
  const parsed: ParsedFile = { entries: [], problems: [] };
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    const at = `${source}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      parsed.problems.push({ source: at, reason: `not valid JSON (${jsonErrorText(error)})` });
      return;
    }
    collect(parsed, at, value);
  });
  if (parsed.entries.length === 0 && parsed.problems.length === 0) {
    parsed.problems.push({ source, reason: "no lines: a .jsonl file holds one report object per line" });
  }
  return parsed;
}

function collect(parsed: ParsedFile, source: string, value: unknown): void {
  try {
    parsed.entries.push(entryFromObject(source, value));
  } catch (error) {
    if (!(error instanceof ImportFormatError)) throw error;
    parsed.problems.push({ source, reason: error.message });
  }
}

function jsonErrorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The shared corpus format: one labelled report. `gold` and `notes` are the labeller's and are not imported. */
const CorpusReport = z.looseObject({
  id: z.string({ error: "id must be a string" }).optional(),
  url: z.string({ error: "url must be a string" }).nullable().optional(),
  outlet: z.string({ error: "outlet must be a string" }),
  title: z.string({ error: "title must be a string" }),
  published: z.string({ error: "published must be a date written YYYY-MM-DD" }),
  language: z.string({ error: "language must be a string" }).optional(),
  target: z.string({ error: "target must be a string" }).trim().min(1, "target must not be empty"),
  text: z.string({ error: "text must be a string" }),
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A corpus-format object (it has `target`) or a `POST /api/reports` body (the rest). */
export function entryFromObject(source: string, value: unknown): ImportEntry {
  if (!isObject(value)) {
    throw new ImportFormatError("not a report object: expected { title, outlet, publishedOn, topic, text }");
  }
  if ("target" in value) {
    const parsed = CorpusReport.safeParse(value);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => i.message).join("; ");
      throw new ImportFormatError(`not a corpus-format report: ${detail}`);
    }
    const c = parsed.data;
    const report: Record<string, unknown> = {
      title: c.title,
      outlet: c.outlet,
      publishedOn: c.published,
      text: c.text,
    };
    if (c.url) report.url = c.url;
    if (c.language) report.language = c.language;
    return { source, report, topic: { title: c.target } };
  }
  const { topic, ...report } = value;
  let spec: TopicSpec | null = null;
  if (typeof topic === "string" && topic.trim() !== "") spec = { ref: topic.trim() };
  else if (typeof topic === "number") spec = { ref: String(topic) };
  else if (topic !== undefined && topic !== null && topic !== "") {
    throw new ImportFormatError("topic must be an existing topic's slug or id");
  }
  return { source, report, topic: spec };
}

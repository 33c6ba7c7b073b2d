// npm run sources -- add|list|poll ...
// Follows feeds from the command line, for scripted set-ups: the same checks as POST /api/sources (the feed is
// fetched once; a page that is not a feed is refused), the same list and the same poll. Writes to the database
// directly, or through the running server's API when that server holds the data folder.
// Exit code 0: done; 1: a source was refused or a poll failed (or the server cannot be reached); 2: bad usage.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { asApiError } from "../contracts/errors";
import { NewSourceBody, type PollResult, type SourceItem } from "../contracts/sources";
import type { Database } from "../db/client";

// The database and the poll service are loaded once the command line is read: bad usage answers at once.
const server = {
  config: () => import("../server/config"),
  database: () => import("../server/database"),
  lock: () => import("../db/lock"),
  queries: () => import("../db/queries/sources"),
  poll: () => import("../server/sources/poll"),
};

const USAGE = `Usage: npm run sources -- <command> [options]

  add --url <feed> --topic <slug or id> --name <outlet> [--language xx] [--match a,b] [--interval <minutes>]
              follow one feed (RSS 2.0, Atom 1.0 or JSON Feed); it is fetched once and refused when it is
              not a feed. --match: only items naming one of these words (default: the topic's parties)
  add --preset <name or file> --topic <slug or id> [--interval <minutes>]
              follow every feed of a preset: a JSON file { "sources": [{ "name", "url", "language"? }] };
              a bare name is presets/<name>.json (npm run sources -- add --preset foreign-ministries ...)
  list        the sources, their state, last and next poll, and counts
  poll --id <n> | --all
              poll one source now (paused or not), or every active one

Writes to DATA_DIR (or DATABASE_URL). When a running server holds DATA_DIR, goes through its API at
STANCEWATCH_URL (default http://localhost:$PORT, port 3000) with ADMIN_TOKEN (or the server's token file).
Private addresses (this machine, your LAN) need ALLOW_PRIVATE_URLS=1, where the feed is fetched.`;

/** A failure to report: its message, and the exit code (1: refused or failed, 2: bad usage). */
class Failure extends Error {
  constructor(
    message: string,
    readonly code: 1 | 2,
  ) {
    super(message);
  }
}

const usage = (message: string) => new Failure(`${message}\n\n${USAGE}`, 2);

/** What the commands need, from the database or from the server's API. */
type Backend = {
  where: string;
  list(): Promise<SourceItem[]>;
  add(body: NewSourceBody): Promise<SourceItem>;
  poll(id: number): Promise<PollResult>;
};

/** A refusal of the server (a Problem, a 400 of the checks) as a Failure with its message; anything else thrown. */
async function refusedAs<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const answer = asApiError(error);
    if (answer) throw new Failure(answer.message, 1);
    throw error;
  }
}

async function databaseBackend(db: Database, where: string): Promise<Backend> {
  const [{ listSources }, { pollNow, registerSource }] = await Promise.all([server.queries(), server.poll()]);
  return {
    where,
    list: async () => (await listSources(db)).items,
    add: (body) => refusedAs(() => registerSource(db, body)),
    poll: (id) => refusedAs(() => pollNow(db, id, (m) => console.error(m))),
  };
}

function httpBackend(baseUrl: string, token: string): Backend {
  const base = baseUrl.replace(/\/+$/, "");
  const call = async <T>(method: "GET" | "POST", route: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(`${base}${route}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15 * 60_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new Failure(`the server at ${base} does not answer (${cause}); set STANCEWATCH_URL to its address`, 1);
    }
    const parsed = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    if (res.status === 401 || res.status === 403) {
      throw new Failure(
        `the server at ${base} refused the token (${res.status}); set ADMIN_TOKEN to the server's token`,
        2,
      );
    }
    if (!res.ok) throw new Failure(parsed?.error?.message ?? `the server answered ${res.status}`, 1);
    return parsed as T;
  };
  return {
    where: `the server at ${base}`,
    list: async () => (await call<{ items: SourceItem[] }>("GET", "/api/sources")).items,
    add: (body) => call<SourceItem>("POST", "/api/sources", body),
    poll: (id) => call<PollResult>("POST", `/api/sources/${id}/poll`),
  };
}

/** Whether the database was opened (and must be closed before the process exits). */
let opened = false;

/** The database when this process can open it; the server's API when a running server holds the folder. */
async function openBackend(): Promise<Backend> {
  const [{ existingAdminToken, readConfig }, { getConnection }, { DataDirLockedError }] = await Promise.all([
    server.config(),
    server.database(),
    server.lock(),
  ]);
  const config = readConfig();
  try {
    const { db, driver } = await getConnection();
    const where =
      driver === "postgres" ? "the PostgreSQL database of DATABASE_URL" : `the database in ${config.dataDir}`;
    opened = true;
    return databaseBackend(db, where);
  } catch (error) {
    if (!(error instanceof DataDirLockedError) || !error.holder) {
      throw new Failure(`Cannot open the database: ${error instanceof Error ? error.message : String(error)}`, 1);
    }
    const url = process.env.STANCEWATCH_URL || `http://localhost:${process.env.PORT || 3000}`;
    console.error(
      `${config.dataDir} is in use by process ${error.holder.pid} (${error.holder.command}), so this goes through ` +
        `that server's API at ${url} instead (set STANCEWATCH_URL if it listens elsewhere).`,
    );
    const token = config.adminToken ?? (config.databaseUrl ? undefined : existingAdminToken(config.dataDir));
    if (!token) {
      throw new Failure(
        "Set ADMIN_TOKEN to the server's write token (the one it was started with), or stop the server.",
        2,
      );
    }
    return httpBackend(url, token);
  }
}

const OPTIONS = {
  url: { type: "string" },
  topic: { type: "string" },
  name: { type: "string" },
  language: { type: "string" },
  match: { type: "string" },
  interval: { type: "string" },
  preset: { type: "string" },
  id: { type: "string" },
  all: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof readArgs>["values"];
const readArgs = () => parseArgs({ options: OPTIONS, allowPositionals: true });

/** The options each command takes: any other is bad usage. */
const ALLOWED: Record<string, (keyof Values)[]> = {
  add: ["url", "topic", "name", "language", "match", "interval", "preset"],
  list: [],
  poll: ["id", "all"],
};

/** The body's field names as the command line spells them. */
const FLAG_OF: Record<string, string> = { intervalMinutes: "--interval" };

/** A source as given on the command line, checked by the API's own schema (a bad value is bad usage). */
function sourceBody(fields: Record<string, unknown>): NewSourceBody {
  const parsed = NewSourceBody.safeParse(fields);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => {
    const field = String(i.path[0] ?? "");
    return `${FLAG_OF[field] ?? `--${field}`}: ${i.message}`;
  });
  throw usage(issues.join("\n"));
}

function interval(values: Values): number | undefined {
  if (values.interval === undefined) return undefined;
  const minutes = Number(values.interval);
  if (!Number.isInteger(minutes)) throw usage(`--interval: "${values.interval}" is not a whole number of minutes`);
  return minutes;
}

const Preset = z.object({
  sources: z
    .array(
      z.object({
        name: z.string(),
        url: z.string(),
        language: z.string().optional(),
        match: z.array(z.string()).optional(),
        actor: z.string().optional(),
      }),
    )
    .min(1, "lists no source"),
});

/** The preset's file: a path (relative to where the command was typed), or a name under presets/. */
function presetFile(value: string, cwd: string): string {
  const isPath = value.includes("/") || value.includes(path.sep) || value.endsWith(".json");
  const file = isPath ? path.resolve(cwd, value) : path.resolve("presets", `${value}.json`);
  if (fs.existsSync(file)) return file;
  const known = fs.existsSync("presets")
    ? fs
        .readdirSync("presets")
        .filter((f) => f.endsWith(".json"))
        .map((f) => f.replace(/\.json$/, ""))
    : [];
  throw usage(`No preset ${value}: ${file} does not exist.${known.length ? ` Presets: ${known.join(", ")}` : ""}`);
}

function readPreset(file: string): z.infer<typeof Preset>["sources"] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw usage(`${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = Preset.safeParse(raw);
  if (!parsed.success) {
    const where = (p: PropertyKey[]) => p.map(String).join(".") || "(root)";
    throw usage(`${file}: ${parsed.error.issues.map((i) => `${where(i.path)}: ${i.message}`).join("; ")}`);
  }
  return parsed.data.sources;
}

async function add(values: Values): Promise<number> {
  if (!values.topic) throw usage("add needs --topic, the slug or id of the topic the reports are filed under.");
  const cwd = process.env.INIT_CWD || process.cwd();
  if (values.preset !== undefined) {
    const extra = (["url", "name", "language", "match"] as const).filter((k) => values[k] !== undefined);
    if (extra.length)
      throw usage(`--preset takes its feeds from the file: leave out ${extra.map((k) => `--${k}`).join(", ")}`);
    const file = presetFile(values.preset, cwd);
    // `actor` says whose ministry a feed is, for people reading the file; the source does not need it.
    const bodies = readPreset(file).map(({ actor: _actor, ...s }) =>
      sourceBody({ ...s, topic: values.topic, intervalMinutes: interval(values) }),
    );
    const backend = await openBackend();
    let failed = 0;
    for (const body of bodies) {
      try {
        const made = await backend.add(body);
        console.log(`added source ${made.id}: ${made.name} (${made.url})`);
      } catch (error) {
        if (!(error instanceof Failure) || error.code !== 1) throw error;
        failed++;
        console.log(`not added: ${body.name} (${body.url}): ${error.message}`);
      }
    }
    console.log(`${bodies.length - failed} of ${bodies.length} sources added to ${backend.where}`);
    return failed > 0 ? 1 : 0;
  }
  const missing = (["url", "name"] as const).filter((k) => !values[k]);
  if (missing.length) {
    throw usage(`add needs ${missing.map((k) => `--${k}`).join(" and ")} (or --preset <name or file>).`);
  }
  const body = sourceBody({
    url: values.url,
    topic: values.topic,
    name: values.name,
    language: values.language,
    match: values.match?.split(",").map((t) => t.trim()),
    intervalMinutes: interval(values),
  });
  const backend = await openBackend();
  const made = await backend.add(body);
  console.log(
    `added source ${made.id}: ${made.name} (${made.url}) to ${made.topic}, every ${made.intervalMinutes} min; its current items are added at its first poll`,
  );
  return 0;
}

/** A time as the table shows it: UTC, to the minute. */
const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")}Z` : "-");

function state(s: SourceItem): string {
  if (!s.active) return "paused";
  if (s.broken) return "broken";
  return s.lastStatus ?? "new";
}

/** Rows as a plain-text table, each column as wide as its widest cell. */
function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

async function list(): Promise<number> {
  const backend = await openBackend();
  const sources = await backend.list();
  if (sources.length === 0) {
    console.log(
      `No sources in ${backend.where}: add one with npm run sources -- add --url <feed> --topic <slug> --name <outlet>`,
    );
    return 0;
  }
  const header = ["id", "state", "name", "topic", "every", "last poll", "next poll", "added", "seen", "skipped", "url"];
  const rows = sources.map((s) => [
    String(s.id),
    state(s),
    s.name,
    s.topic,
    `${s.intervalMinutes} min`,
    when(s.lastPolledAt),
    when(s.nextPollAt),
    String(s.reportsAdded),
    String(s.itemsSeen),
    String(s.itemsSkipped),
    s.url,
  ]);
  console.log(table([header, ...rows]));
  for (const s of sources.filter((x) => x.lastError)) {
    console.log(`source ${s.id}: ${s.consecutiveFailures} failure(s) in a row, last: ${s.lastError}`);
  }
  return 0;
}

async function poll(values: Values): Promise<number> {
  if ((values.id === undefined) === !values.all) throw usage("poll needs --id <n> or --all (one of them).");
  const id = values.id === undefined ? null : Number(values.id);
  if (id !== null && !(Number.isInteger(id) && id > 0)) throw usage(`--id: "${values.id}" is not a source id`);
  const backend = await openBackend();
  const targets = id !== null ? [id] : (await backend.list()).filter((s) => s.active).map((s) => s.id);
  if (targets.length === 0) {
    console.log("No active source to poll.");
    return 0;
  }
  let failed = 0;
  for (const target of targets) {
    const result = await backend.poll(target);
    const after = (await backend.list()).find((s) => s.id === target);
    const counts = `added ${result.added}, duplicates ${result.duplicates}, skipped ${result.skipped}, failed ${result.failed}`;
    if (after?.lastStatus === "error") {
      failed++;
      console.log(`source ${target} (${after.name}): the feed failed: ${after.lastError}`);
    } else console.log(`source ${target} (${after?.name ?? "?"}): ${counts}`);
  }
  return failed > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  let args: ReturnType<typeof readArgs>;
  try {
    args = readArgs();
  } catch (error) {
    throw usage(error instanceof Error ? error.message : String(error));
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command, ...rest] = args.positionals;
  if (!command) throw usage("Name a command: add, list or poll.");
  const allowed = ALLOWED[command];
  if (!allowed) throw usage(`Unknown command "${command}": use add, list or poll.`);
  if (rest.length) throw usage(`Unexpected argument "${rest[0]}".`);
  const wrong = (Object.keys(args.values) as (keyof Values)[]).filter((k) => k !== "help" && !allowed.includes(k));
  if (wrong.length) throw usage(`${command} does not take ${wrong.map((k) => `--${k}`).join(", ")}.`);
  if (command === "add") return add(args.values);
  if (command === "list") return list();
  return poll(args.values);
}

main()
  .catch((error: unknown) => {
    if (error instanceof Failure) {
      console.error(error.message);
      return error.code;
    }
    console.error(
      `npm run sources stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return 1;
  })
  .then(async (code) => {
    if (opened) await (await server.database()).closeDatabase().catch(() => {});
    process.exit(code);
  });

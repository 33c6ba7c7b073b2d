// npm run bench [-- --rate R --ingest-rate I --page-rate P --duration S --warmup W --port N]
// Measures the app on the configured database (DATA_DIR, or DATABASE_URL), filled beforehand with
// `npm run synth`: first each read run straight in the database (paced like the HTTP side, and back to back),
// then the same reads over HTTP at a fixed request rate spread evenly over each second (autocannon, one
// connection per request a second: scripts/paced.ts) against the built app started here, then ingest, a CSV
// export of every coding and the cold start. Prints a table and writes the figures to bench/results/<date>-<driver>.json.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { count } from "drizzle-orm";
import { MAX_PAGE_SIZE } from "../contracts/filters";
import { getAlignment } from "../db/queries/alignment";
import { listShifts } from "../db/queries/shifts";
import { getSummary, listStances } from "../db/queries/stances";
import { codings, reports } from "../db/schema";
import { closeDatabase, getConnection } from "../server/database";
import { evenLanes, quantile, runLanes, type Sample } from "./paced";
import { ensureBuild } from "./start.mjs";

const { values } = parseArgs({
  options: {
    rate: { type: "string", default: "10" },
    // Reports offered per second to the ingest run: by default above the goal of 15/s, whatever the read rate.
    "ingest-rate": { type: "string", default: "20" },
    // Dashboard page loads a second: one costs the server about as much as ten API reads, so ten a second
    // would measure a queue rather than a page.
    "page-rate": { type: "string", default: "2" },
    duration: { type: "string", default: "10" },
    // Seconds of the same traffic before each route is sampled: the figures are of a warmed-up server, as one
    // in use is (the first requests to a route pay for V8 and PGlite's WebAssembly compiling its hot code).
    warmup: { type: "string", default: "5" },
    port: { type: "string", default: "3390" },
  },
});
/** A numeric option, or a clear message and exit 2: a typo must not run a bench that records NaN. */
function option(name: keyof typeof values, min: number, whole = false): number {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < min || (whole && !Number.isInteger(n))) {
    console.error(`--${name} must be a ${whole ? "whole " : ""}number of at least ${min} (got "${values[name]}")`);
    process.exit(2);
  }
  return n;
}
// Rates are whole requests a second: each is that many connections at one a second (scripts/paced.ts).
const RATE = option("rate", 1, true);
const INGEST_RATE = option("ingest-rate", 1, true);
const PAGE_RATE = option("page-rate", 1, true);
const DURATION = option("duration", 1);
const WARMUP = option("warmup", 0);
const PORT = option("port", 1);
const BASE = `http://127.0.0.1:${PORT}`;
const TOKEN = "bench-token-0123456789";

type Read = { name: string; path: string; direct: () => Promise<unknown> };

type Timing = { p50: number; p99: number };

function timing(ms: number[]): Timing {
  ms.sort((a, b) => a - b);
  return { p50: quantile(ms, 0.5), p99: quantile(ms, 0.99) };
}

/**
 * A read straight in the database, twice: paced like the HTTP side (one call every 1/RATE s, for DURATION s,
 * after WARMUP s of the same), which is the floor the HTTP figures are compared with, since a process that
 * waits between requests pays for it on both sides (this machine's cores idle and its caches go cold); and
 * back to back (`runs` calls in a loop), the query's cost on a busy core.
 */
async function timeDirect(fn: () => Promise<unknown>, runs: number): Promise<{ paced: Timing; loop: Timing }> {
  const gap = 1000 / RATE;
  const paced = async (seconds: number, keep: boolean): Promise<number[]> => {
    const ms: number[] = [];
    const start = performance.now();
    for (let i = 0; i < Math.max(1, Math.round(seconds * RATE)); i++) {
      const wait = start + i * gap - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const t = performance.now();
      await fn();
      if (keep) ms.push(performance.now() - t);
    }
    return ms;
  };
  if (WARMUP > 0) await paced(WARMUP, false);
  const pacedMs = await paced(DURATION, true);
  const loopMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    loopMs.push(performance.now() - t);
  }
  return { paced: timing(pacedMs), loop: timing(loopMs) };
}

async function waitForHealth(deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const ok = await fetch(`${BASE}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > end) throw new Error("the app did not answer /api/health in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the app answers its health check quickly again: the previous route's work is done. */
async function settle(): Promise<void> {
  const end = Date.now() + 300_000;
  while (Date.now() < end) {
    const t = Date.now();
    const ok = await fetch(`${BASE}/api/health`, { signal: AbortSignal.timeout(60_000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok && Date.now() - t < 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

function startApp(): ChildProcess {
  return spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", String(PORT)], {
    env: {
      ...process.env,
      PORT: String(PORT),
      ADMIN_TOKEN: TOKEN,
      // The bench is one client offering ingests at a fixed rate: the per-client write limit must not shape it.
      WRITE_RATE_PER_MIN: process.env.WRITE_RATE_PER_MIN ?? "100000",
      READ_RATE_PER_MIN: process.env.READ_RATE_PER_MIN ?? "0",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_MANUAL_SIG_HANDLE: "true",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

function rssKb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/**
 * Requests to one path at `rate` a second, spread evenly (scripts/paced.ts), for WARMUP s whose figures are
 * dropped and then DURATION s. Errors are connection errors, timeouts and answers other than 2xx.
 */
async function load(pathname: string, method: "GET" | "POST" = "GET", body?: () => string, rate = RATE) {
  const target = {
    url: `${BASE}${pathname}`,
    method,
    headers: body ? { "content-type": "application/json", authorization: `Bearer ${TOKEN}` } : undefined,
    body,
  };
  if (WARMUP > 0) await runLanes(evenLanes(target, rate), WARMUP, 60, () => {});
  const samples: Sample[] = [];
  const outcomes = await runLanes(evenLanes(target, rate), DURATION, 60, (_lane, sample) => samples.push(sample));
  await settle();
  const ok = samples.filter((x) => x.status >= 200 && x.status < 300);
  const { p50, p99 } = timing(ok.map((x) => x.ms));
  // The handler's own time (its Server-Timing header): what the framework and the connection add is the rest.
  const handled = ok.flatMap((x) => (x.handlerMs === undefined ? [] : [x.handlerMs]));
  const handler = handled.length > 0 ? timing(handled) : undefined;
  return {
    requests: samples.length,
    handlerP50: handler?.p50,
    handlerP99: handler?.p99,
    errors: outcomes.reduce((n, o) => n + o.errors + o.timeouts, 0) + samples.length - ok.length,
    p50,
    p99,
    rps: ok.length / DURATION,
  };
}

async function main() {
  const conn = await getConnection();
  const db = conn.db;
  const [c] = await db.select({ n: count() }).from(codings);
  const [r] = await db.select({ n: count() }).from(reports);
  const size = { codings: c?.n ?? 0, reports: r?.n ?? 0 };
  console.error(`bench: ${size.codings} codings, ${size.reports} reports on ${conn.driver}`);
  const two = ["TR", "RU"];
  const reads: Read[] = [
    {
      name: "stances (2 actors, a year, one page)",
      path: "/api/stances?actor=TR,RU&from=2022-01-01&to=2022-12-31&limit=100",
      direct: () => listStances(db, { actor: two, from: "2022-01-01", to: "2022-12-31", limit: 100 }),
    },
    {
      name: "summary by=month (2 actors)",
      path: "/api/stances/summary?by=month&actor=TR,RU",
      direct: () => getSummary(db, { actor: two, by: "month" }),
    },
    {
      name: "summary by=report (2 actors, maxGroups 150)",
      path: "/api/stances/summary?by=report&actor=TR,RU&maxGroups=150",
      direct: () => getSummary(db, { actor: two, by: "report", maxGroups: 150 }),
    },
    {
      name: "shifts (2 actors)",
      path: "/api/shifts?actor=TR,RU",
      direct: () => listShifts(db, { actor: two, limit: MAX_PAGE_SIZE }),
    },
    {
      name: "alignment (6 actors)",
      path: "/api/alignment?actor=TR,RU,US,FR,DE,EU",
      direct: () => getAlignment(db, { actor: ["TR", "RU", "US", "FR", "DE", "EU"] }),
    },
  ];
  const direct: Record<string, Awaited<ReturnType<typeof timeDirect>>> = {};
  for (const read of reads) {
    const d = await timeDirect(read.direct, 100);
    direct[read.name] = d;
    console.error(
      `bench: direct ${read.name}: p50 ${d.paced.p50.toFixed(1)} ms paced, ${d.loop.p50.toFixed(1)} ms back to back`,
    );
  }
  await closeDatabase();

  if (!ensureBuild({ quiet: true })) throw new Error("the build failed");
  const started = Date.now();
  const app = startApp();
  const results: Record<string, unknown> = {};
  try {
    await waitForHealth(120_000);
    const coldStartMs = Date.now() - started;
    const http: Record<string, Awaited<ReturnType<typeof load>>> = {};
    for (const read of [...reads, { name: "dashboard page", path: "/", direct: async () => null }]) {
      http[read.name] = await load(read.path, "GET", undefined, read.path === "/" ? PAGE_RATE : RATE);
      console.error(
        `bench: http ${read.name}: p50 ${http[read.name]?.p50.toFixed(1)} ms, p99 ${http[read.name]?.p99.toFixed(1)} ms`,
      );
    }
    const stamp = Date.now();
    let n = 0;
    const report = (i: number) =>
      JSON.stringify({
        title: `Bench report ${stamp}-${i}`,
        outlet: "Bench wire",
        publishedOn: "2024-05-01",
        topic: "karabakh-2023",
        text: `Bench ${stamp}-${i}. The French Foreign Ministry condemned the offensive launched by Azerbaijan (Le Monde, April 30). The Kremlin called on both sides to stop the fighting. Ankara praised the operation as legitimate.`,
      });
    const ingest = await load("/api/reports", "POST", () => report(n++), INGEST_RATE);
    console.error(
      `bench: ingest ${ingest.rps.toFixed(1)} reports/s (offered ${INGEST_RATE}), p99 ${ingest.p99.toFixed(1)} ms, ${ingest.errors} errors`,
    );

    // CSV export of every coding: time and the server's extra memory while it streams.
    const pid = app.pid as number;
    const before = rssKb(pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssKb(pid));
    }, 50);
    const t = Date.now();
    const res = await fetch(`${BASE}/api/stances?format=csv`);
    let bytes = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
    clearInterval(sampler);
    // The server's RSS before the export is what the reads and the ingest before it left (V8 keeps freed
    // heap), so both ends are kept beside the difference.
    const csv = {
      seconds: (Date.now() - t) / 1000,
      megabytes: bytes / 1e6,
      extraMemoryMb: (peak - before) / 1024,
      rssBeforeMb: before / 1024,
      rssPeakMb: peak / 1024,
    };
    const csvLine = `${csv.megabytes.toFixed(0)} MB in ${csv.seconds.toFixed(1)} s, +${csv.extraMemoryMb.toFixed(0)} MB peak (server RSS ${csv.rssBeforeMb.toFixed(0)} MB before, ${csv.rssPeakMb.toFixed(0)} MB at most)`;
    console.error(`bench: csv export ${csvLine}`);

    const rows = reads.map((read) => {
      const h = http[read.name];
      const d = direct[read.name];
      return {
        route: read.name,
        path: read.path,
        httpP50: h?.p50,
        httpP99: h?.p99,
        handlerP50: h?.handlerP50,
        errors: h?.errors,
        // The database floor at the same pace as the HTTP requests, and the same query back to back.
        dbP50: d?.paced.p50,
        dbP99: d?.paced.p99,
        dbLoopP50: d?.loop.p50,
        dbLoopP99: d?.loop.p99,
        ratio: h && d ? h.p50 / d.paced.p50 : null,
      };
    });
    Object.assign(results, {
      machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      date: new Date().toISOString(),
      driver: conn.driver,
      size,
      rate: RATE,
      ingestRate: INGEST_RATE,
      pageRate: PAGE_RATE,
      durationSeconds: DURATION,
      warmupSeconds: WARMUP,
      reads: rows,
      dashboard: http["dashboard page"],
      ingest,
      csv,
      coldStartMs,
    });
    console.log(
      `\nStancewatch bench, ${conn.driver}, ${size.codings} codings / ${size.reports} reports, ${RATE} req/s for ${DURATION} s each after ${WARMUP} s of warm-up`,
    );
    console.log(
      "| route | HTTP p50 ms | HTTP p99 ms | handler p50 ms | DB p50 ms | DB p99 ms | HTTP/DB | DB back to back p50 / p99 ms | errors |",
    );
    console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    const f = (x: number | undefined) => (x === undefined ? "" : x.toFixed(1));
    for (const row of rows) {
      console.log(
        `| ${row.route} | ${f(row.httpP50)} | ${f(row.httpP99)} | ${f(row.handlerP50)} | ${f(row.dbP50)} | ${f(row.dbP99)} | ${row.ratio?.toFixed(2)} | ${f(row.dbLoopP50)} / ${f(row.dbLoopP99)} | ${row.errors} |`,
      );
    }
    const dash = http["dashboard page"];
    console.log(`| dashboard page (${PAGE_RATE}/s) | ${f(dash?.p50)} | ${f(dash?.p99)} | | | | | | ${dash?.errors} |`);
    console.log(
      `\ningest: ${ingest.rps.toFixed(1)} reports/s of ${INGEST_RATE} offered (p99 ${f(ingest.p99)} ms, ${ingest.errors} errors)`,
    );
    console.log(`csv export of all codings: ${csvLine}`);
    console.log(`cold start: ${coldStartMs} ms`);
  } finally {
    await stopApp(app);
  }
  const dir = path.join(process.cwd(), "bench", "results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().slice(0, 10)}-${results.driver}.json`);
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`written to ${path.relative(process.cwd(), file)}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

// npm run bench [-- --rate R --ingest-rate I --duration S --warmup W --port P]
// Measures the app on the configured database (DATA_DIR, or DATABASE_URL), filled beforehand with
// `npm run synth`: first each read run straight in the database, then the same reads over HTTP at a fixed
// request rate (autocannon) against the built app started here, then ingest, a CSV export of every coding
// and the cold start. Prints a table and writes the figures to bench/results/<date>-<driver>.json.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { count } from "drizzle-orm";
import { closeDatabase, getConnection } from "../db/client";
import { getAlignment } from "../db/queries/alignment";
import { listShifts } from "../db/queries/shifts";
import { getSummary, listStances } from "../db/queries/stances";
import { codings, reports } from "../db/schema";
import { MAX_PAGE_SIZE } from "../lib/filters";
import { ensureBuild } from "./start.mjs";

const { values } = parseArgs({
  options: {
    rate: { type: "string", default: "20" },
    // Reports offered per second to the ingest run: by default above the goal of 15/s, whatever the read rate.
    "ingest-rate": { type: "string", default: "20" },
    duration: { type: "string", default: "10" },
    // Seconds of the same traffic before each route is sampled: the figures are of a warmed-up server, as one
    // in use is (the first requests to a route pay for V8 and PGlite's WebAssembly compiling its hot code).
    warmup: { type: "string", default: "5" },
    port: { type: "string", default: "3390" },
  },
});
/** A numeric option, or a clear message and exit 2: a typo must not run a bench that records NaN. */
function option(name: keyof typeof values, min: number): number {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < min) {
    console.error(`--${name} must be a number of at least ${min} (got "${values[name]}")`);
    process.exit(2);
  }
  return n;
}
const RATE = option("rate", 1);
const INGEST_RATE = option("ingest-rate", 1);
const DURATION = option("duration", 1);
const WARMUP = option("warmup", 0);
const PORT = option("port", 1);
const BASE = `http://127.0.0.1:${PORT}`;
const TOKEN = "bench-token";

type Read = { name: string; path: string; direct: () => Promise<unknown> };

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

async function timeDirect(fn: () => Promise<unknown>, runs: number): Promise<{ p50: number; p99: number }> {
  // Warmed up like the HTTP side: repeated for WARMUP seconds (at least 5 times) before it is timed.
  const warmEnd = Date.now() + WARMUP * 1000;
  for (let i = 0; i < 5 || Date.now() < warmEnd; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: quantile(ms, 0.5), p99: quantile(ms, 0.99) };
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

async function load(pathname: string, method = "GET", body?: (i: number) => string, rate = RATE) {
  let i = 0;
  // autocannon runs `warmup` (a first run whose figures are dropped) though its type definitions lack it.
  const options: autocannon.Options & { warmup?: { connections: number; duration: number } } = {
    url: `${BASE}${pathname}`,
    method: method as "GET",
    // Two connections: at most two requests in flight, so a route slower than the rate shows its own latency
    // instead of piling a queue onto the next route (PGlite runs one query at a time).
    connections: 2,
    overallRate: rate,
    duration: DURATION,
    timeout: 60,
    warmup: WARMUP > 0 ? { connections: 2, duration: WARMUP } : undefined,
    headers: body ? { "content-type": "application/json", authorization: `Bearer ${TOKEN}` } : undefined,
    setupClient: body
      ? (client) => {
          client.setBody(body(i++));
          client.on("response", () => client.setBody(body(i++)));
        }
      : undefined,
  };
  const result = await autocannon(options);
  await settle();
  return {
    requests: result.requests.total,
    errors: result.errors + result.non2xx + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
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
  const direct: Record<string, { p50: number; p99: number }> = {};
  for (const read of reads) {
    direct[read.name] = await timeDirect(read.direct, 100);
    console.error(`bench: direct ${read.name}: p50 ${direct[read.name]?.p50.toFixed(1)} ms`);
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
      http[read.name] = await load(read.path);
      console.error(`bench: http ${read.name}: p50 ${http[read.name]?.p50} ms, p99 ${http[read.name]?.p99} ms`);
    }
    const stamp = Date.now();
    const ingest = await load(
      "/api/reports",
      "POST",
      (i) =>
        JSON.stringify({
          title: `Bench report ${stamp}-${i}`,
          outlet: "Bench wire",
          publishedOn: "2024-05-01",
          topic: "karabakh-2023",
          text: `Bench ${stamp}-${i}. The French Foreign Ministry condemned the offensive launched by Azerbaijan (Le Monde, April 30). The Kremlin called on both sides to stop the fighting. Ankara praised the operation as legitimate.`,
        }),
      INGEST_RATE,
    );
    console.error(
      `bench: ingest ${ingest.rps} reports/s (offered ${INGEST_RATE}), p99 ${ingest.p99} ms, ${ingest.errors} errors`,
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
    const csv = { seconds: (Date.now() - t) / 1000, megabytes: bytes / 1e6, extraMemoryMb: (peak - before) / 1024 };
    console.error(
      `bench: csv export ${csv.megabytes.toFixed(0)} MB in ${csv.seconds.toFixed(1)} s, +${csv.extraMemoryMb.toFixed(0)} MB`,
    );

    const rows = reads.map((read) => {
      const h = http[read.name];
      const d = direct[read.name];
      return {
        route: read.name,
        path: read.path,
        httpP50: h?.p50,
        httpP99: h?.p99,
        errors: h?.errors,
        dbP50: d?.p50,
        dbP99: d?.p99,
        ratio: h && d ? h.p50 / d.p50 : null,
      };
    });
    Object.assign(results, {
      machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      date: new Date().toISOString(),
      driver: conn.driver,
      size,
      rate: RATE,
      ingestRate: INGEST_RATE,
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
    console.log("| route | HTTP p50 ms | HTTP p99 ms | DB p50 ms | DB p99 ms | HTTP/DB | errors |");
    console.log("| --- | --- | --- | --- | --- | --- | --- |");
    for (const row of rows) {
      console.log(
        `| ${row.route} | ${row.httpP50} | ${row.httpP99} | ${row.dbP50?.toFixed(1)} | ${row.dbP99?.toFixed(1)} | ${row.ratio?.toFixed(2)} | ${row.errors} |`,
      );
    }
    const dash = http["dashboard page"];
    console.log(`| dashboard page | ${dash?.p50} | ${dash?.p99} | | | | ${dash?.errors} |`);
    console.log(
      `\ningest: ${ingest.rps} reports/s of ${INGEST_RATE} offered (p99 ${ingest.p99} ms, ${ingest.errors} errors)`,
    );
    console.log(
      `csv export of all codings: ${csv.megabytes.toFixed(0)} MB in ${csv.seconds.toFixed(1)} s, +${csv.extraMemoryMb.toFixed(0)} MB peak`,
    );
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

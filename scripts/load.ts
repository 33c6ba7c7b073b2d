// npm run load [-- --duration S --rate R --ingest-rate R --port P --url URL --report FILE]  (rates: requests a second, whole numbers)
// Drives a fixed-rate mix of reads (a stances page, the summary by month and by report, shifts, alignment, the
// dashboard page; R requests a second in all, default 10, the rate of docs/performance.md) and a few ingests
// (default 1 a second) against the built app for S seconds (default 60), all at once, and prints
// per request kind the requests sent, errors, non-2xx answers, timeouts and latency (p50, p99, max). Exits 1
// when any request failed. Without --url it builds the app if needed and starts it here on a fresh embedded
// database with the sample data (or on DATABASE_URL when that is set), and stops it afterwards.
// --report writes the outcome as a test report (one passed or failed test per request kind) for the CI tally.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { evenLanes, type Lane, quantile, runLanes, type Sample } from "./paced";
import { ensureBuild } from "./start.mjs";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "60" },
    rate: { type: "string", default: "10" },
    "ingest-rate": { type: "string", default: "1" },
    port: { type: "string", default: "3391" },
    url: { type: "string" },
    report: { type: "string" },
  },
});

function wholePositive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`load: --${name} must be a whole number above 0, got "${value}"`);
    process.exit(2);
  }
  return n;
}

const DURATION = wholePositive("duration", values.duration);
const RATE = wholePositive("rate", values.rate);
const INGEST_RATE = wholePositive("ingest-rate", values["ingest-rate"]);
const PORT = wholePositive("port", values.port);
const BASE = (values.url ?? `http://127.0.0.1:${PORT}`).replace(/\/+$/, "");
const TOKEN = values.url ? (process.env.ADMIN_TOKEN ?? "") : "load-token-0123456789";
/** A request slower than this counts as failed: the dashboard would have given up on it. */
const TIMEOUT_SECONDS = 10;

type Kind = { name: string; path: string; rate: number; ingest?: boolean };
type KindLane = Lane & { kind: Kind };

/**
 * The dashboard's reads on the sample topic in the proportions a dashboard view asks for them (the page, its
 * stance list and summaries, then shifts and alignment), scaled so that together they make RATE requests a
 * second, each kind at least one; ingests on top at INGEST_RATE.
 */
const READS: { name: string; path: string; share: number }[] = [
  { name: "stances page", path: "/api/stances?actor=TR,RU&from=2023-01-01&to=2023-12-31&limit=100", share: 2 },
  { name: "summary by=month", path: "/api/stances/summary?by=month&actor=TR,RU", share: 2 },
  { name: "summary by=report", path: "/api/stances/summary?by=report&actor=TR,RU&maxGroups=150", share: 2 },
  { name: "shifts", path: "/api/shifts?actor=TR,RU", share: 1 },
  { name: "alignment", path: "/api/alignment?actor=TR,RU,US,FR,DE,EU", share: 1 },
  { name: "dashboard page", path: "/", share: 2 },
];
const SHARES = READS.reduce((sum, r) => sum + r.share, 0);
const KINDS: Kind[] = [
  ...READS.map((r) => ({ name: r.name, path: r.path, rate: Math.max(1, Math.round((RATE * r.share) / SHARES)) })),
  { name: "ingest", path: "/api/reports", rate: INGEST_RATE, ingest: true },
];

type Outcome = {
  kind: string;
  path: string;
  offeredRate: number;
  requests: number;
  ok: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  p50: number;
  p99: number;
  max: number;
};

const stamp = Date.now();

function ingestBody(i: number): string {
  return JSON.stringify({
    title: `Load report ${stamp}-${i}`,
    outlet: "Load wire",
    publishedOn: "2023-09-25",
    topic: "karabakh-2023",
    language: "en",
    text: `Load ${stamp}-${i}. The French Foreign Ministry condemned the offensive launched by Azerbaijan (Le Monde, September 24). The Kremlin called on both sides to stop the fighting. Ankara praised the operation as legitimate.`,
  });
}

/** Each kind at its rate spread evenly, and the kinds interleaved across the first second. */
function lanes(): KindLane[] {
  return KINDS.flatMap((kind, k) =>
    evenLanes(
      {
        url: `${BASE}${kind.path}`,
        method: kind.ingest ? "POST" : "GET",
        headers: kind.ingest ? { "content-type": "application/json", authorization: `Bearer ${TOKEN}` } : undefined,
        body: kind.ingest ? () => ingestBody(ingested++) : undefined,
      },
      kind.rate,
      k / KINDS.length,
    ).map((lane) => ({ ...lane, kind })),
  ).sort((a, b) => a.offsetMs - b.offsetMs);
}

let ingested = 0;

async function drive(): Promise<Outcome[]> {
  const samples = new Map(KINDS.map((k) => [k, [] as Sample[]]));
  const all = lanes();
  const results = await runLanes(all, DURATION, TIMEOUT_SECONDS, (lane, sample) =>
    samples.get((lane as KindLane).kind)?.push(sample),
  );
  return KINDS.map((kind) => {
    const mine = samples.get(kind) as Sample[];
    const failures = results.filter((_, i) => all[i]?.kind === kind);
    const statusCodes: Record<string, number> = {};
    for (const s of mine) statusCodes[s.status] = (statusCodes[s.status] ?? 0) + 1;
    const ms = mine.map((s) => s.ms).sort((a, b) => a - b);
    const ok = mine.filter((s) => s.status >= 200 && s.status < 300).length;
    return {
      kind: kind.name,
      path: kind.path,
      offeredRate: kind.rate,
      requests: mine.length,
      ok,
      // Connection errors, timeouts included.
      errors: failures.reduce((sum, r) => sum + r.errors, 0),
      non2xx: mine.length - ok,
      timeouts: failures.reduce((sum, r) => sum + r.timeouts, 0),
      statusCodes,
      p50: Math.round(quantile(ms, 0.5)) || 0,
      p99: Math.round(quantile(ms, 0.99)) || 0,
      max: Math.round(ms.at(-1) ?? 0),
    };
  });
}

async function waitForHealth(deadlineMs: number, app: ChildProcess | null): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (app && app.exitCode !== null) throw new Error(`the app exited with code ${app.exitCode} before it answered`);
    const ok = await fetch(`${BASE}/api/health`, { signal: AbortSignal.timeout(5_000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > end) throw new Error(`the app did not answer ${BASE}/api/health in time`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function startApp(dataDir: string): ChildProcess {
  return spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", String(PORT)], {
    env: {
      ...process.env,
      PORT: String(PORT),
      DATA_DIR: dataDir,
      SAMPLE_DATA: "1",
      ADMIN_TOKEN: TOKEN,
      // One client offering the whole load: the per-client read limit must not shape it.
      READ_RATE_PER_MIN: process.env.READ_RATE_PER_MIN ?? "0",
      NEXT_TELEMETRY_DISABLED: "1",
      // SIGTERM closes the database cleanly (server/lifecycle/start.ts).
      NEXT_MANUAL_SIG_HANDLE: "true",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

/** One request of each read first: the measured window starts on a warm server, as a running site is. */
async function warmUp(): Promise<void> {
  for (const kind of KINDS.filter((k) => !k.ingest)) {
    const res = await fetch(`${BASE}${kind.path}`, { signal: AbortSignal.timeout(60_000) });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`warm-up: ${kind.path} answered ${res.status}`);
  }
}

function failed(o: Outcome): boolean {
  return o.errors > 0 || o.non2xx > 0 || o.timeouts > 0 || o.requests === 0;
}

function printTable(outcomes: Outcome[]): void {
  const reads = KINDS.filter((k) => !k.ingest).reduce((sum, k) => sum + k.rate, 0);
  console.log(`\nStancewatch load, ${DURATION} s, reads at ${reads} req/s in all, ingest at ${INGEST_RATE} req/s`);
  console.log("| request | offered req/s | sent | 2xx | errors | non-2xx | timeouts | p50 ms | p99 ms | max ms |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const o of outcomes) {
    console.log(
      `| ${o.kind} | ${o.offeredRate} | ${o.requests} | ${o.ok} | ${o.errors} | ${o.non2xx} | ${o.timeouts} | ${o.p50} | ${o.p99} | ${o.max} |`,
    );
  }
  for (const o of outcomes) {
    const offered = o.offeredRate * DURATION;
    // The server fell behind the fixed rate: fewer requests went out than were offered.
    if (o.requests < offered * 0.9) {
      console.log(`note: ${o.kind} sent ${o.requests} of the ${offered} requests offered (the server fell behind)`);
    }
    if (failed(o)) console.log(`FAILED: ${o.kind}: status codes ${JSON.stringify(o.statusCodes)}`);
  }
}

function writeReport(file: string, outcomes: Outcome[], problem: string | null): void {
  const bad = outcomes.filter(failed).length + (problem ? 1 : 0);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(
    file,
    `${JSON.stringify(
      {
        numPassedTests: outcomes.length - outcomes.filter(failed).length,
        numFailedTests: bad,
        problem,
        machine: `${os.cpus().length} cores, Node ${process.version}`,
        date: new Date().toISOString(),
        durationSeconds: DURATION,
        readRate: RATE,
        ingestRate: INGEST_RATE,
        outcomes,
      },
      null,
      2,
    )}\n`,
  );
}

async function main(): Promise<number> {
  let app: ChildProcess | null = null;
  let dataDir: string | null = null;
  let outcomes: Outcome[] = [];
  let problem: string | null = null;
  try {
    if (!values.url) {
      if (!ensureBuild({ quiet: true })) throw new Error("the build failed");
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stancewatch-load-"));
      app = startApp(dataDir);
    }
    await waitForHealth(120_000, app);
    await warmUp();
    console.error(`load: ${KINDS.length} request kinds for ${DURATION} s against ${BASE} ...`);
    outcomes = await drive();
    // The server is still there and answering after the load.
    await waitForHealth(30_000, app);
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
    console.error(`load: ${problem}`);
  } finally {
    if (app) await stopApp(app);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
  printTable(outcomes);
  if (values.report) writeReport(values.report, outcomes, problem);
  const bad = outcomes.filter(failed);
  if (problem || bad.length > 0) {
    console.log(`\nload: FAILED (${bad.length} request kinds with errors${problem ? `; ${problem}` : ""})`);
    return 1;
  }
  console.log("\nload: no errors");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

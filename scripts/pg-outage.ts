// npm run pg-outage [-- --pg-port 5434 --port 3291 --report test-results/pg-outage.json]
// PostgreSQL going away under the running app: a throwaway cluster of its own (initdb into a temp folder, as
// the postgres user when run as root), the built app on it, then the cluster stopped. Every API call must
// answer 503 with the "not reachable" message within 2 seconds, and the app must recover by itself once the
// cluster is back, with nothing lost. Then the same for an app that starts while PostgreSQL is down.
// Never touches another cluster: CI's main one on 5432 keeps running.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { type AppProcess, portAnswers, startApp } from "./app-process";
import { ensureBuild } from "./start.mjs";

const { values } = parseArgs({
  options: {
    "pg-port": { type: "string", default: "5434" },
    port: { type: "string", default: "3291" },
    report: { type: "string" },
  },
});
const PG_PORT = Number(values["pg-port"]);
const PORT = Number(values.port);
const BASE = `http://127.0.0.1:${PORT}`;
const TOKEN = "pg-outage-token-0123456789";
const DATABASE_URL = `postgres://stancewatch@127.0.0.1:${PG_PORT}/stancewatch`;
/** The bound: a clear 503 within 2 seconds while the database is down. */
const ANSWER_WITHIN_MS = 2000;
const RECOVER_WITHIN_MS = 30_000;

let passed = 0;
const failed: string[] = [];
function check(ok: boolean, what: string) {
  if (ok) passed++;
  else failed.push(what);
  console.log(`[pg-outage] ${ok ? "ok  " : "FAIL"} ${what}`);
}

function pgBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(a) - Number(b)) : [];
  const version = versions.at(-1);
  if (!version) throw new Error(`PostgreSQL is not installed (no ${root}/<version>/bin)`);
  return path.join(root, version, "bin");
}

/** A cluster in a temp folder; as root, its files belong to (and it runs as) the postgres user. */
function tempCluster() {
  const bin = pgBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-pg-outage-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync("chown", ["postgres:", dir]);
  const run = (tool: string, args: string[]) =>
    asRoot
      ? execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args], { cwd: "/", stdio: "pipe" })
      : execFileSync(path.join(bin, tool), args, { stdio: "pipe" });
  const data = path.join(dir, "data");
  run("initdb", ["-D", data, "-U", "stancewatch", "-A", "trust", "--no-sync"]);
  const options = `-p ${PG_PORT} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  return {
    start: () => run("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "start"]),
    stop: () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]),
    remove() {
      try {
        this.stop();
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Timed = { status: number; ms: number; body: { error?: { code?: string; message?: string } } | null };

async function call(method: string, route: string, body?: unknown): Promise<Timed> {
  const started = performance.now();
  try {
    const response = await fetch(`${BASE}${route}`, {
      method,
      headers: body ? { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    let parsed: Timed["body"] = null;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: response.status, ms: Math.round(performance.now() - started), body: parsed };
  } catch {
    return { status: 0, ms: Math.round(performance.now() - started), body: null };
  }
}

const report = (title: string) => ({
  title,
  outlet: "Outage Wire",
  publishedOn: "2023-09-20",
  topic: "karabakh-2023",
  text: `Russia condemned the offensive, the Kremlin said. ${title}.`,
});

const CALLS: [string, string, unknown?][] = [
  ["GET", "/api/health"],
  ["GET", "/api/reports"],
  ["GET", "/api/stances?actor=TR,RU"],
  ["GET", "/api/stances/summary?by=month"],
  ["GET", "/api/alignment"],
  ["POST", "/api/reports", report("Written during the outage")],
];

/** Every call answers 503 with the clear message, in time; twice, as the first hits the pool's dead clients. */
async function expectUnavailable(phase: string): Promise<number> {
  let slowest = 0;
  for (const pass of [1, 2]) {
    for (const [method, route, body] of CALLS) {
      const r = await call(method, route, body);
      slowest = Math.max(slowest, r.ms);
      check(
        r.status === 503 &&
          r.body?.error?.code === "unavailable" &&
          /database is not reachable/.test(r.body.error.message ?? "") &&
          r.ms < ANSWER_WITHIN_MS,
        `${phase}, pass ${pass}: ${method} ${route} → ${r.status} ${r.body?.error?.code ?? ""} in ${r.ms} ms`,
      );
    }
  }
  return slowest;
}

/** Polls until reads and a write work again, without restarting the app; returns how long that took. */
async function expectRecovery(phase: string, title: string): Promise<number> {
  const started = Date.now();
  let last: Timed | null = null;
  while (Date.now() - started < RECOVER_WITHIN_MS) {
    last = await call("GET", "/api/reports");
    if (last.status === 200) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const took = Date.now() - started;
  check(last?.status === 200, `${phase}: GET /api/reports answers 200 again after ${took} ms`);
  const write = await call("POST", "/api/reports", report(title));
  check(write.status === 201, `${phase}: an ingest after the recovery → ${write.status}`);
  return took;
}

async function titles(): Promise<string[]> {
  const r = await fetch(`${BASE}/api/reports?limit=1000`);
  return ((await r.json()) as { items: { title: string }[] }).items.map((i) => i.title);
}

async function stopApp(app: AppProcess, what: string) {
  app.child.kill("SIGTERM");
  const timer = setTimeout(() => app.child.kill("SIGKILL"), 20_000);
  const { code } = await app.exited;
  clearTimeout(timer);
  check(code === 0, `${what}: SIGTERM exits ${code}`);
}

async function main(): Promise<boolean> {
  if (await portAnswers(PORT)) throw new Error(`port ${PORT} is in use: pass --port with a free one`);
  if (!ensureBuild({ quiet: true })) throw new Error("the build failed");
  const cluster = tempCluster();
  let app: AppProcess | null = null;
  try {
    cluster.start();
    const admin = new pg.Client({ connectionString: DATABASE_URL.replace(/\/stancewatch$/, "/postgres") });
    await admin.connect();
    await admin.query("create database stancewatch");
    await admin.end();
    const env = { DATABASE_URL, ADMIN_TOKEN: TOKEN, SAMPLE_DATA: "1", WEBHOOK_POLL_MS: "200" };

    // 1. PostgreSQL stops under a running app.
    app = startApp(PORT, env);
    await app.ready();
    check((await call("POST", "/api/reports", report("Before the outage"))).status === 201, "ingest before the outage");
    cluster.stop();
    const slowestRunning = await expectUnavailable("PostgreSQL stopped under the app");
    cluster.start();
    const recovered = await expectRecovery("PostgreSQL back", "After the outage");
    const stored = await titles();
    check(
      stored.includes("Before the outage") && stored.includes("After the outage"),
      "the reports written before and after the outage are there",
    );
    check(!stored.includes("Written during the outage"), "the ingest refused with 503 wrote nothing");
    check(app.child.exitCode === null, "the app kept running through the outage");

    // 2. The app starts while PostgreSQL is down, and stops cleanly while it is down too.
    cluster.stop();
    await stopApp(app, "with PostgreSQL down");
    app = startApp(PORT, env);
    await waitListening();
    const slowestStart = await expectUnavailable("app started with PostgreSQL down");
    cluster.start();
    const recoveredStart = await expectRecovery("PostgreSQL up after the app", "After a cold outage");
    check((await titles()).includes("Before the outage"), "the data is there after the cold start");
    await stopApp(app, "after the recovery");
    app = null;

    console.log(
      `pg-outage: ${passed} checks passed, ${failed.length} failed; slowest 503 ${Math.max(slowestRunning, slowestStart)} ms ` +
        `(limit ${ANSWER_WITHIN_MS} ms); back ${recovered} ms after PostgreSQL returned (${recoveredStart} ms when the app started during the outage)`,
    );
    return failed.length === 0;
  } finally {
    if (app && app.child.exitCode === null) {
      app.child.kill("SIGKILL");
      await app.exited;
    }
    cluster.remove();
  }

  async function waitListening() {
    // With PostgreSQL down /api/health answers 503, not 200: wait for any answer at all.
    for (let i = 0; i < 600; i++) {
      if (await portAnswers(PORT)) return;
      if (app?.child.exitCode !== null) throw new Error(`the app exited:\n${app?.output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("the app did not start listening");
  }
}

function record(ok: boolean) {
  if (!values.report) return;
  fs.mkdirSync(path.dirname(values.report), { recursive: true });
  fs.writeFileSync(values.report, JSON.stringify({ numPassedTests: ok ? 1 : 0, numFailedTests: ok ? 0 : 1 }));
}

main().then(
  (ok) => {
    record(ok);
    process.exit(ok ? 0 : 1);
  },
  (error) => {
    console.error(`[pg-outage] ${(error as Error).stack ?? error}`);
    record(false);
    process.exit(1);
  },
);

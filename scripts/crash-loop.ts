// npm run crash-loop [-- --rounds 100 --port 3290 --concurrency 4 --seed 1 --report test-results/crash-loop.json]
// Kills the built server with SIGKILL at random moments while reports are being ingested, restarts it on the
// same embedded data folder, and checks after every restart that the database opens, that every report
// acknowledged with a 201 is there with the codings the 201 listed, and that no report is there without its
// codings (one whose 201 was lost to the kill must be complete too). A few kills land during start-up.
// Prints one summary line; with --report, writes a pass/fail record for the CI tally.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { rng } from "../domain/synth/generate";
import { type AppProcess, portAnswers, startApp } from "./app-process";
import { ensureBuild } from "./start.mjs";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "20" },
    port: { type: "string", default: "3290" },
    concurrency: { type: "string", default: "4" },
    seed: { type: "string" },
    "kill-min-ms": { type: "string", default: "30" },
    "kill-max-ms": { type: "string", default: "2500" },
    /** The share of rounds whose kill lands while the server is still opening the database. */
    "startup-kills": { type: "string", default: "0.1" },
    report: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});

const ROUNDS = Number(values.rounds);
const PORT = Number(values.port);
const CONCURRENCY = Number(values.concurrency);
const SEED = Number(values.seed ?? Math.floor(Math.random() * 2 ** 31));
const KILL_MIN = Number(values["kill-min-ms"]);
const KILL_MAX = Number(values["kill-max-ms"]);
const STARTUP_KILLS = Number(values["startup-kills"]);
const BASE = `http://127.0.0.1:${PORT}`;
const TOKEN = crypto.randomBytes(16).toString("hex");
const DATA_DIR = path.resolve(".tmp", `crash-loop-${process.pid}`);

const rand = rng(SEED);

// Sentences the coder codes (every text holds at least one), and filler that it does not.
const STANCES = [
  "Turkey's foreign ministry said Ankara fully supports Azerbaijan's operation in Karabakh.",
  "Russia condemned the offensive, the Kremlin said in a statement.",
  "France called for restraint and urged both sides to return to talks.",
  "The United States said it was deeply concerned and condemned the use of force.",
];
const FILLER = "Markets in the region were calm and the weather was mild throughout the week. ";

type Sent = { title: string; codings: number | null };
type IngestAnswer = { id?: number; stances?: unknown[] };

/** What the client knows: reports acknowledged with 201 (id → title and codings), and titles sent without one. */
const acknowledged = new Map<number, Sent>();
const unanswered = new Set<string>();
const failures: string[] = [];
let serial = 0;

function fail(message: string) {
  failures.push(message);
  console.error(`[crash-loop] FAIL ${message}`);
}

function newReport(round: number) {
  const n = ++serial;
  const sentences = STANCES.filter(() => rand() < 0.6);
  if (sentences.length === 0) sentences.push(STANCES[n % STANCES.length] as string);
  // Sizes from a paragraph to ~100 kB, so that kills land inside long transactions too.
  const filler = FILLER.repeat(Math.floor(rand() ** 3 * 1200));
  const title = `Crash loop round ${round} report ${n}`;
  return {
    title,
    outlet: "Crash Loop Wire",
    publishedOn: "2023-09-20",
    topic: "karabakh-2023",
    text: `${filler}${sentences.join(" ")} Dispatch ${SEED}-${n}.`,
  };
}

/** Ingests until the server goes away; a failure before the kill is a finding, one after it is expected. */
async function ingestUntilKilled(round: number, killed: () => boolean): Promise<void> {
  for (;;) {
    if (killed()) return;
    const body = newReport(round);
    unanswered.add(body.title);
    let response: Response;
    try {
      response = await fetch(`${BASE}/api/reports`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error) {
      if (!killed()) fail(`round ${round}: ingest failed before the kill: ${(error as Error).message}`);
      return;
    }
    let answer: IngestAnswer | null = null;
    try {
      answer = (await response.json()) as IngestAnswer;
    } catch (error) {
      // The kill cut the body off: the status alone is no acknowledgement.
      if (!killed()) fail(`round ${round}: unreadable ingest answer: ${(error as Error).message}`);
      return;
    }
    if (response.status !== 201 || typeof answer?.id !== "number") {
      fail(`round ${round}: ingest answered ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`);
      return;
    }
    unanswered.delete(body.title);
    acknowledged.set(answer.id, { title: body.title, codings: answer.stances?.length ?? 0 });
  }
}

type Summary = { id: number; title: string; codingCount: number };

/** A read after a restart; a connection the client kept from the killed server may fail once, so retry. */
async function get(url: string): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, { signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

async function listAll(): Promise<Summary[]> {
  const all: Summary[] = [];
  let cursor: string | null = null;
  do {
    const url = `${BASE}/api/reports?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const response = await get(url);
    if (!response.ok) throw new Error(`GET /api/reports answered ${response.status}`);
    const page = (await response.json()) as { items: Summary[]; nextCursor: string | null };
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

let committedUnanswered = 0;
/** Sent, cut off by the kill before it committed, and rightly absent. */
let rolledBack = 0;
const checkedInDetail = new Set<number>();

/** After a restart: every acknowledged report is there with its codings, and every report has its codings. */
async function verify(round: number): Promise<void> {
  const stored = new Map((await listAll()).map((r) => [r.id, r]));
  for (const [id, sent] of acknowledged) {
    const row = stored.get(id);
    if (!row) fail(`round ${round}: report ${id} ("${sent.title}") was acknowledged with 201 and is gone`);
    else if (row.title !== sent.title) fail(`round ${round}: report ${id} is "${row.title}", expected "${sent.title}"`);
    else if (row.codingCount !== sent.codings) {
      fail(`round ${round}: report ${id} has ${row.codingCount} codings, its 201 listed ${sent.codings}`);
    }
  }
  for (const row of stored.values()) {
    if (acknowledged.has(row.id)) continue;
    // Every text sent holds a sentence the coder codes: a stored report without codings is half-written.
    if (row.codingCount === 0) fail(`round ${round}: report ${row.id} ("${row.title}") has no codings`);
    if (!row.title.startsWith("Crash loop ")) continue;
    // Committed, but the 201 was lost to the kill: it must be one that was sent, and complete.
    if (!unanswered.delete(row.title)) fail(`round ${round}: report ${row.id} ("${row.title}") was never sent`);
    acknowledged.set(row.id, { title: row.title, codings: row.codingCount });
    committedUnanswered++;
  }
  // Each report once in full through GET /api/reports/:id, the first time it is seen after a restart.
  for (const [id, sent] of acknowledged) {
    if (checkedInDetail.has(id)) continue;
    checkedInDetail.add(id);
    const response = await get(`${BASE}/api/reports/${id}`);
    if (response.status !== 200) {
      fail(`round ${round}: GET /api/reports/${id} answered ${response.status}`);
      continue;
    }
    const detail = (await response.json()) as { title: string; codings: unknown[] };
    if (detail.title !== sent.title || detail.codings.length !== sent.codings) {
      fail(`round ${round}: GET /api/reports/${id} has ${detail.codings.length} codings, expected ${sent.codings}`);
    }
  }
  // What was sent and neither acknowledged nor stored was never committed: it is not sent again, and that is fine.
  rolledBack += unanswered.size;
  unanswered.clear();
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

async function killNow(app: AppProcess): Promise<void> {
  app.child.kill("SIGKILL");
  await app.exited;
}

async function main() {
  if (await portAnswers(PORT)) throw new Error(`port ${PORT} is in use: pass --port with a free one`);
  if (!ensureBuild({ quiet: true })) throw new Error("the build failed");
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const env = { DATA_DIR, DATABASE_URL: "", ADMIN_TOKEN: TOKEN, SAMPLE_DATA: "1" };
  console.log(`[crash-loop] ${ROUNDS} rounds, seed ${SEED}, ${CONCURRENCY} concurrent ingests, data in ${DATA_DIR}`);

  const opens: number[] = [];
  const rounds: number[] = [];
  let startupKills = 0;
  const runStarted = Date.now();
  for (let round = 1; round <= ROUNDS + 1; round++) {
    const roundStarted = Date.now();
    const last = round > ROUNDS;
    // Some kills hit the start-up itself: migrations, sample data, opening the folder after the last kill.
    if (!last && round > 1 && rand() < STARTUP_KILLS) {
      const early = startApp(PORT, env);
      const at = rand() * Math.max(200, quantile(opens, 0.5));
      await new Promise((r) => setTimeout(r, at));
      await killNow(early);
      startupKills++;
    }
    const app = startApp(PORT, env);
    try {
      opens.push(await app.ready());
    } catch (error) {
      fail(`round ${round}: the database did not open after the kill: ${(error as Error).message}`);
      await killNow(app);
      break;
    }
    await verify(round);
    if (last) {
      // The end: a clean stop, which must exit 0.
      app.child.kill("SIGTERM");
      const { code } = await app.exited;
      if (code !== 0) fail(`the final SIGTERM exited with ${code}:\n${app.output().slice(-2000)}`);
      break;
    }
    let killed = false;
    const workers = Array.from({ length: CONCURRENCY }, () => ingestUntilKilled(round, () => killed));
    await new Promise((r) => setTimeout(r, KILL_MIN + rand() * (KILL_MAX - KILL_MIN)));
    killed = true;
    await killNow(app);
    await Promise.all(workers);
    rounds.push(Date.now() - roundStarted);
    if (round % 10 === 0 || round === ROUNDS) {
      console.log(
        `[crash-loop] round ${round}/${ROUNDS}: ${acknowledged.size} reports stored, ${failures.length} failures`,
      );
    }
  }

  const seconds = (Date.now() - runStarted) / 1000;
  const summary = {
    rounds: rounds.length,
    startupKills,
    acknowledged: acknowledged.size - committedUnanswered,
    committedUnanswered,
    rolledBack,
    failures: failures.length,
    openP50Ms: quantile(opens, 0.5),
    openMaxMs: Math.max(...opens),
    roundMeanS: Number((rounds.reduce((a, b) => a + b, 0) / Math.max(1, rounds.length) / 1000).toFixed(2)),
    seconds: Math.round(seconds),
    seed: SEED,
  };
  console.log(
    `crash-loop: ${summary.rounds} rounds (${startupKills} kills during start-up), ${summary.acknowledged} reports acknowledged ` +
      `and all present (${committedUnanswered} more committed as their 201 was cut off, all complete; ` +
      `${rolledBack} cut off before they committed and absent, as they should be), ` +
      `${summary.failures} failures; restart to healthy p50 ${summary.openP50Ms} ms, max ${summary.openMaxMs} ms; ` +
      `${summary.roundMeanS} s a round, ${summary.seconds} s in all; seed ${SEED}`,
  );
  const ok = failures.length === 0 && rounds.length === ROUNDS;
  if (values.report) {
    fs.mkdirSync(path.dirname(values.report), { recursive: true });
    fs.writeFileSync(
      values.report,
      JSON.stringify({ numPassedTests: ok ? 1 : 0, numFailedTests: ok ? 0 : 1, crashLoop: summary }),
    );
  }
  if (ok && !values.keep) fs.rmSync(DATA_DIR, { recursive: true, force: true });
  return ok;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error) => {
    console.error(`[crash-loop] ${(error as Error).stack ?? error}`);
    if (values.report) {
      fs.mkdirSync(path.dirname(values.report), { recursive: true });
      fs.writeFileSync(values.report, JSON.stringify({ numPassedTests: 0, numFailedTests: 1 }));
    }
    process.exit(1);
  },
);

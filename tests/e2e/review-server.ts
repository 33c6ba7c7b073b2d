import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { ADMIN_TOKEN, E2E_DATA_DIR, E2E_PORT } from "./env";

/**
 * A second server for the suites that write (review, manual coding): its own port and its own database, so
 * that their writes never change what the read suites, running at the same time on the shared server, count.
 * The app is already built by then: Playwright's webServer built it before any test started.
 */

export const REVIEW_PORT = Number(process.env.E2E_REVIEW_PORT ?? E2E_PORT + 1);
export const REVIEW_URL = `http://127.0.0.1:${REVIEW_PORT}`;

export type ReviewServer = { stop(): Promise<void> };

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The data folder of a suite's own server (when DATABASE_URL is unset). */
export function suiteDataDir(name: string): string {
  return `${E2E_DATA_DIR}-${name}`;
}

/** A fresh store: a new database on the PostgreSQL server when DATABASE_URL is set, else a new data folder. */
export async function freshStore(name: string): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    // A database name is an identifier: a suite named "read-token" becomes sw_e2e_read_token_…
    const db = `sw_e2e_${name.replace(/[^a-z0-9]/gi, "_")}_${randomBytes(4).toString("hex")}`;
    await adminQuery(url, `create database ${db}`);
    const own = new URL(url);
    own.pathname = `/${db}`;
    return {
      env: { DATABASE_URL: own.toString() },
      drop: () => adminQuery(url, `drop database if exists ${db} with (force)`),
    };
  }
  const dataDir = suiteDataDir(name);
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { env: { DATA_DIR: dataDir, DATABASE_URL: "" }, drop: async () => {} };
}

/** The ingest suite's own server: another port, another store, the sample data only. */
export const INGEST_PORT = Number(process.env.E2E_INGEST_PORT ?? E2E_PORT + 2);
export const INGEST_URL = `http://127.0.0.1:${INGEST_PORT}`;

/** The webhooks suite's own server (it registers receivers and ingests reports that shift stances). */
export const WEBHOOKS_PORT = Number(process.env.E2E_WEBHOOKS_PORT ?? E2E_PORT + 5);
export const WEBHOOKS_URL = `http://127.0.0.1:${WEBHOOKS_PORT}`;

/** The topics suite's own server (it creates topics, and imports through the API). */
export const TOPICS_PORT = Number(process.env.E2E_TOPICS_PORT ?? E2E_PORT + 4);
export const TOPICS_URL = `http://127.0.0.1:${TOPICS_PORT}`;

/**
 * Starts a writing suite's server. `seed` (a tsx script) prepares its store first; without one the server
 * loads the sample data itself on start.
 */
export async function startReviewServer(
  options: { port?: number; name?: string; seed?: string | null; env?: Record<string, string> } = {},
): Promise<ReviewServer> {
  const port = options.port ?? REVIEW_PORT;
  const url = `http://127.0.0.1:${port}`;
  const seed = options.seed === undefined ? "tests/e2e/seed-review.ts" : options.seed;
  if (await answers(`${url}/api/health`)) {
    throw new Error(
      `Port ${port} is already in use: set E2E_REVIEW_PORT / E2E_INGEST_PORT / E2E_TOPICS_PORT to a free port`,
    );
  }
  const store = await freshStore(options.name ?? "review");
  // Every spec is one client (127.0.0.1) making many reads: the read limit is off unless a spec sets it.
  const env = {
    ...process.env,
    ...store.env,
    ADMIN_TOKEN,
    READ_RATE_PER_MIN: "0",
    NEXT_TELEMETRY_DISABLED: "1",
    ...options.env,
  };
  const seeded = seed
    ? spawnSync(path.join("node_modules", ".bin", "tsx"), [seed], { env, encoding: "utf8", timeout: 90_000 })
    : { status: 0, stdout: "", stderr: "" };
  if (seeded.status !== 0) {
    await store.drop();
    throw new Error(`Seeding the review database failed:\n${seeded.stdout}${seeded.stderr}`);
  }
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", String(port)], {
    // Next leaves the signals to the app, which closes the database before it exits.
    env: { ...env, PORT: String(port), NEXT_MANUAL_SIG_HANDLE: "true" },
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    await stopChild(child, exited);
    await store.drop();
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      await store.drop();
      throw new Error(`The review server exited with ${child.exitCode}:\n${output}`);
    }
    const health = await fetch(`${url}/api/health`).catch(() => null);
    if (health?.ok) return { stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The review server did not answer within 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The read-token suite's own server: READ_TOKEN set, a low write rate, one trusted proxy hop. */
export const READ_TOKEN_PORT = Number(process.env.E2E_READ_TOKEN_PORT ?? E2E_PORT + 10);
export const READ_TOKEN_URL = `http://127.0.0.1:${READ_TOKEN_PORT}`;

/** The XSS browser suite's own server (it ingests hostile reports). */
export const XSS_PORT = Number(process.env.E2E_XSS_PORT ?? E2E_PORT + 11);
export const XSS_URL = `http://127.0.0.1:${XSS_PORT}`;

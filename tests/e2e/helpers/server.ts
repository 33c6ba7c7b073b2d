import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { test } from "@playwright/test";
import pg from "pg";
import { type AppProcess, portAnswers, startApp } from "../../../scripts/app-process";
import { ADMIN_TOKEN, E2E_DATA_DIR } from "../env";
import { urlOf } from "./ports";

/**
 * A server of a suite's own, for the suites that write (ingest, review, topics, webhooks ...) or need other
 * settings: its own port and its own database, so that their writes never change what the read suites, running
 * at the same time on the shared server, count. The app is already built by then: Playwright's webServer built
 * it before any test started.
 */

export type SuiteServer = { url: string; stop(): Promise<void> };

export type SuiteServerOptions = {
  port: number;
  /** Names the suite's database or data folder. */
  name: string;
  /** A tsx script that prepares the store first; without one the server loads the sample data itself. */
  seed?: string;
  env?: Record<string, string>;
};

/** The sample data plus one report coded by an automatic coder, for the review suite. */
export const REVIEW_SEED = "tests/e2e/helpers/seed-review.ts";

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

/** SIGTERM (the app drains and closes its database), SIGKILL if it has not exited 10 s later. */
export async function stopApp(app: AppProcess): Promise<void> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill("SIGTERM");
  const timer = setTimeout(() => app.child.kill("SIGKILL"), 10_000);
  await app.exited;
  clearTimeout(timer);
}

/** Starts a suite's server on a fresh store and waits until it answers. */
export async function startSuiteServer(options: SuiteServerOptions): Promise<SuiteServer> {
  const { port, name, seed } = options;
  if (await portAnswers(port)) {
    throw new Error(`Port ${port} is already in use: set the suite's E2E_*_PORT (tests/e2e/helpers/ports.ts)`);
  }
  const store = await freshStore(name);
  const env = {
    ...store.env,
    ADMIN_TOKEN,
    // Every spec is one client (127.0.0.1) making many reads: the read limit is off unless a spec sets it.
    READ_RATE_PER_MIN: "0",
    // The app's own write limit, which startApp lifts for the fault scripts: the suites test it as shipped.
    WRITE_RATE_PER_MIN: process.env.WRITE_RATE_PER_MIN,
    ...options.env,
  };
  if (seed) {
    const seeded = spawnSync(path.join("node_modules", ".bin", "tsx"), [seed], {
      env: { ...process.env, ...env },
      encoding: "utf8",
      timeout: 90_000,
    });
    if (seeded.status !== 0) {
      await store.drop();
      throw new Error(`Seeding the ${name} database failed:\n${seeded.stdout}${seeded.stderr}`);
    }
  }
  const app = startApp(port, env);
  const stop = async () => {
    await stopApp(app);
    await store.drop();
  };
  try {
    await app.ready(90_000);
  } catch (error) {
    await stop();
    throw new Error(`The ${name} server did not start: ${(error as Error).message}`);
  }
  return { url: urlOf(port), stop };
}

/**
 * The spec file's own server: started before its first test, stopped after its last. Call it at the top of
 * the file, before any hook that needs the server.
 */
export function withOwnServer(options: SuiteServerOptions): void {
  let server: SuiteServer | undefined;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    server = await startSuiteServer(options);
  });
  test.afterAll(async () => {
    test.setTimeout(60_000);
    await server?.stop();
  });
}

import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { type AppProcess, startApp } from "../../../scripts/app-process";
import { ADMIN_TOKEN, ON_POSTGRES } from "../env";
import { SHUTDOWN_PORT, urlOf } from "../helpers/ports";
import { freshStore } from "../helpers/server";
import { ADMIN_AUTH } from "../helpers/session";

// Its own server, started and stopped by the test: SIGTERM is the subject.
const BASE = urlOf(SHUTDOWN_PORT);

type Stalled = { finish(): void; answer: Promise<{ status: number; body: { id?: number; stances?: unknown[] } }> };

/**
 * An ingest whose upload stops half-way: it is in flight for as long as the test wants. It resolves once the
 * server has read its headers (100 Continue), so that it is known to be under way before SIGTERM is sent.
 */
function stalledIngest(title: string): Promise<Stalled> {
  const body = Buffer.from(
    JSON.stringify({
      title,
      outlet: "Shutdown Wire",
      publishedOn: "2023-09-20",
      topic: "karabakh-2023",
      text: `Russia condemned the offensive, the Kremlin said. ${title}.`,
    }),
  );
  return new Promise((resolve, reject) => {
    const request = http.request(`${BASE}/api/reports`, {
      method: "POST",
      agent: false,
      headers: {
        ...ADMIN_AUTH,
        "content-type": "application/json",
        "content-length": body.length,
        expect: "100-continue",
      },
    });
    const answer = new Promise<{ status: number; body: { id?: number; stances?: unknown[] } }>((done, failed) => {
      request.on("response", (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => done({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      request.on("error", failed);
    });
    request.on("continue", () => {
      request.write(body.subarray(0, 20));
      resolve({ finish: () => request.end(body.subarray(20)), answer });
    });
    request.on("error", reject);
  });
}

/** A GET on a connection of its own, never one kept alive from an earlier request. */
function newConnectionGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on("error", reject);
  });
}

async function waitForOutput(app: AppProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  for (;;) {
    const match = app.output().match(pattern);
    if (match) return match;
    if (app.child.exitCode !== null) throw new Error(`the server exited before printing ${pattern}:\n${app.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test.describe("[SHUTDOWN]", () => {
  test.setTimeout(240_000);

  test("SIGTERM lets the requests under way finish, then closes the database and exits 0; their reports are there on the next start", async () => {
    const store = await freshStore("shutdown");
    const dataDir = store.env.DATA_DIR;
    // A generous drain limit: on a loaded machine the first ingest (a cold coder) can outlast the default 8 s,
    // and the cut-off after the limit is not what this test is about.
    const env = { ...store.env, ADMIN_TOKEN, SAMPLE_DATA: "1", SHUTDOWN_TIMEOUT_MS: "120000" };
    let app = startApp(SHUTDOWN_PORT, env);
    try {
      const firstStart = await app.ready();
      const stalled = await Promise.all([stalledIngest("Drain one"), stalledIngest("Drain two")]);

      app.child.kill("SIGTERM");
      // The app saw both ingests in flight when the signal came. It may see more: on a loaded machine a start-up
      // health check that timed out on our side can still be under way in the server, and is drained with them.
      const [, count, named] = await waitForOutput(app, /SIGTERM: finishing (\d+) request\(s\) in flight: (.*)/);
      expect(Number(count)).toBeGreaterThanOrEqual(2);
      expect(named).toContain("POST /api/reports ×2");
      // Nobody new gets in while they finish...
      // (on a new connection: one kept alive from the start-up checks may still carry a request, answered with close)
      await expect(newConnectionGet(`${BASE}/api/health`)).rejects.toMatchObject({ code: "ECONNREFUSED" });
      expect(app.child.exitCode).toBeNull();
      // ...and the two get their answer once their uploads end: the database is still open for them.
      for (const s of stalled) s.finish();
      const answers = await Promise.all(stalled.map((s) => s.answer));
      for (const a of answers) {
        expect(a.status).toBe(201);
        expect(a.body.stances?.length).toBeGreaterThan(0);
      }

      const { code, signal } = await app.exited;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(app.output()).toMatch(/requests finished in \d+ ms; closing the database/);
      expect(app.output()).toContain("[stancewatch] database closed");
      expect(app.output()).not.toMatch(/cut off|closing the database failed/);
      // PGlite's folder lock was released: the next start takes it without recovering from a crash.
      if (dataDir) expect(fs.existsSync(path.join(dataDir, "server.lock"))).toBe(false);

      app = startApp(SHUTDOWN_PORT, env);
      const restart = await app.ready();
      // A figure for the README, not an assertion: the machine's load decides it.
      console.log(`[shutdown] first start ${firstStart} ms, restart after SIGTERM ${restart} ms`);
      for (const a of answers) {
        const stored = await fetch(`${BASE}/api/reports/${a.body.id}`);
        expect(stored.status).toBe(200);
        expect(((await stored.json()) as { codings: unknown[] }).codings.length).toBe(a.body.stances?.length);
      }

      // An idle server (keep-alive connections open from the reads above) stops at once too.
      app.child.kill("SIGTERM");
      expect(await app.exited).toEqual({ code: 0, signal: null });
      expect(app.output()).toContain("SIGTERM: finishing 0 request(s) in flight");
    } catch (error) {
      // What the server printed is the only record of why a drain went wrong: keep it in the test's output.
      // Its last lines can arrive after the error (a connection closed by its exit is seen before its output),
      // so give it a moment to finish first.
      const exit = await Promise.race([app.exited, new Promise((r) => setTimeout(() => r("still running"), 15_000))]);
      console.error(`[shutdown] server (${JSON.stringify(exit)}) output:\n${app.output()}`);
      throw error;
    } finally {
      if (app.child.exitCode === null && app.child.signalCode === null) {
        app.child.kill("SIGKILL");
        await app.exited;
      }
      await store.drop();
      if (!ON_POSTGRES && dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startApp } from "../../../scripts/app-process";
import { ON_POSTGRES } from "../env";
import { FIRST_START_PORT } from "../helpers/ports";
import { freshStore, stopApp, suiteDataDir } from "../helpers/server";

// `npm ci && npm start` with nothing set: the server makes its own admin token on the first start, keeps it in
// DATA_DIR/admin-token (mode 600) and says where, so that the dashboard can take writes without a restart.
// Its own server (`next start`, as `npm start` runs it, on the build the shared server made) and data folder: the
// embedded database is the subject, so it runs on it in the PostgreSQL pass too.
const PORT = FIRST_START_PORT;
const BASE = `http://127.0.0.1:${PORT}`;

/** The environment of `npm start` on a machine where nothing is set, but for the data folder. */
function bareEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string | undefined> {
  return {
    DATA_DIR: dataDir,
    DATABASE_URL: undefined,
    ADMIN_TOKEN: undefined,
    READ_TOKEN: undefined,
    PUBLIC_URL: undefined,
    SAMPLE_DATA: "1",
    ...extra,
  };
}

function ingest(token: string | null, title: string): Promise<Response> {
  return fetch(`${BASE}/api/reports`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({
      title,
      outlet: "First Start Wire",
      publishedOn: "2023-09-20",
      topic: "karabakh-2023",
      text: `Russia condemned the offensive, the Kremlin said. ${title}.`,
    }),
  });
}

test.describe("[FIRST_START]", () => {
  test.setTimeout(240_000);

  test("a first start without ADMIN_TOKEN makes DATA_DIR/admin-token (mode 600), says where, and that token writes (201); later starts reuse it; ADMIN_TOKEN set wins", async () => {
    const dataDir = suiteDataDir("first-start");
    fs.rmSync(dataDir, { recursive: true, force: true });
    const file = path.join(dataDir, "admin-token");
    let app = startApp(PORT, bareEnv(dataDir));
    try {
      await app.ready();
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const token = fs.readFileSync(file, "utf8").trim();
      expect(token).toMatch(/^[0-9a-f]{64}$/);
      // One line says where the token is and how to use it; the token itself is never printed.
      const line = `[stancewatch] admin token in ${file} (made on this first start): sign in at http://localhost:${PORT}/sign-in`;
      expect(app.output()).toContain(line);
      expect(app.output().split(line).length - 1).toBe(1);
      expect(app.output()).not.toContain(token);

      // A write still needs the token: without it 401, with the file's token 201.
      expect((await ingest(null, "No token")).status).toBe(401);
      const written = await ingest(token, "Written with the made token");
      expect(written.status).toBe(201);
      // Signing in on the site takes it too.
      const signIn = await fetch(`${BASE}/api/session`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: BASE },
        body: JSON.stringify({ token }),
      });
      expect(signIn.status).toBe(200);
      const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const state = await fetch(`${BASE}/api/session`, { headers: { cookie } });
      expect(await state.json()).toEqual({ signedIn: true, writesEnabled: true, reads: "public" });

      // The next start, with READ_TOKEN set: the same file, the same token, and a line that says it was kept; an
      // admin session made with the file's token gets past the pages' read check too.
      await stopApp(app);
      app = startApp(PORT, bareEnv(dataDir, { READ_TOKEN: "a-reader-token-0123456789" }));
      await app.ready();
      expect(fs.readFileSync(file, "utf8").trim()).toBe(token);
      expect(app.output()).toContain(`[stancewatch] admin token in ${file} (kept from an earlier start)`);
      expect((await ingest(token, "Written after a restart")).status).toBe(201);
      expect((await fetch(`${BASE}/`, { redirect: "manual" })).status).toBe(307);
      const again = await fetch(`${BASE}/api/session`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: BASE },
        body: JSON.stringify({ token }),
      });
      const admin = (again.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      expect((await fetch(`${BASE}/`, { redirect: "manual", headers: { cookie: admin } })).status).toBe(200);

      // ADMIN_TOKEN set wins over the file, which stays as it was.
      await stopApp(app);
      const given = "given-by-the-operator-0123456789";
      app = startApp(PORT, bareEnv(dataDir, { ADMIN_TOKEN: given }));
      await app.ready();
      expect(app.output()).toContain(`[stancewatch] ADMIN_TOKEN is set: ${file} is not used`);
      expect((await ingest(token, "The file's token, overridden")).status).toBe(401);
      expect((await ingest(given, "Written with ADMIN_TOKEN")).status).toBe(201);
      expect(fs.readFileSync(file, "utf8").trim()).toBe(token);
    } finally {
      await stopApp(app);
    }
  });

  test("with DATABASE_URL no token is made: the server reads, says writes need ADMIN_TOKEN, and refuses them (401)", async () => {
    test.skip(!ON_POSTGRES, "needs a PostgreSQL server: runs in the PostgreSQL pass");
    const dataDir = suiteDataDir("first-start-postgres");
    fs.rmSync(dataDir, { recursive: true, force: true });
    const store = await freshStore("first-start");
    const app = startApp(PORT + 1, bareEnv(dataDir, store.env));
    try {
      await app.ready();
      expect(app.output()).toContain("[stancewatch] ADMIN_TOKEN is not set: with DATABASE_URL");
      expect(fs.existsSync(path.join(dataDir, "admin-token"))).toBe(false);
      const base = `http://127.0.0.1:${PORT + 1}`;
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
      const refused = await fetch(`${base}/api/topics`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer any-token-at-all-0123" },
        body: JSON.stringify({ title: "Freedonia's blockade of the river port" }),
      });
      expect(refused.status).toBe(401);
      expect((await refused.json()).error.message).toMatch(/ADMIN_TOKEN/);
    } finally {
      await stopApp(app);
      await store.drop();
    }
  });
});

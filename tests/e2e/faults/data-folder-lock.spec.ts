import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startApp } from "../../../scripts/app-process";
import { E2E_DATA_DIR, E2E_URL, ON_POSTGRES } from "../env";
import { LOCK_PORTS } from "../helpers/ports";

const holderPid = () => JSON.parse(fs.readFileSync(path.join(E2E_DATA_DIR, "server.lock"), "utf8")).pid;

test.describe("[EMBEDDED_DB]", () => {
  // The lock protects an embedded PGlite folder; with DATABASE_URL the server runs on PostgreSQL, which has its own.
  test.skip(ON_POSTGRES, "only the embedded database has a data folder to lock");

  test("a second server on the same data folder stops at once, naming the process that holds it", async () => {
    const holder = holderPid();
    const started = Date.now();
    const second = startApp(LOCK_PORTS[0], { DATA_DIR: E2E_DATA_DIR, DATABASE_URL: "" });
    // If the lock ever stopped working, the second server would keep running on the shared folder: stop it.
    const guard = setTimeout(() => second.child.kill("SIGKILL"), 25_000);
    const { code } = await second.exited.finally(() => clearTimeout(guard));
    const output = second.output();
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(output).toContain(`already in use by process ${holder}`);
    expect(output).toContain("set DATA_DIR to another folder");
    // The first server is unharmed.
    expect(holderPid()).toBe(holder);
    expect((await fetch(`${E2E_URL}/api/health`)).status).toBe(200);
  });

  test("`npm start` on a folder in use exits 1 with the same message", async () => {
    const holder = holderPid();
    const second = spawn(process.execPath, ["scripts/start.mjs"], {
      env: { ...process.env, DATA_DIR: E2E_DATA_DIR, DATABASE_URL: "", PORT: String(LOCK_PORTS[1]) },
    });
    let output = "";
    second.stdout.on("data", (d) => (output += d));
    second.stderr.on("data", (d) => (output += d));
    const guard = setTimeout(() => second.kill("SIGTERM"), 25_000);
    const code = await new Promise<number | null>((resolve) => second.on("exit", resolve)).finally(() =>
      clearTimeout(guard),
    );
    expect(code).toBe(1);
    expect(output).toContain(`The data folder ${E2E_DATA_DIR} is already in use by process ${holder}`);
    expect((await fetch(`${E2E_URL}/api/health`)).status).toBe(200);
  });
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { acquireDataDirLock } from "@/db/lock";
import { lastLine, runScript, type ScriptRun } from "../../helpers/run-script";

// `npm run import` as a user runs it: a child process on its own data folder (always the embedded database).

let root: string;
let dataDir: string;
let reportsDir: string;

function runImport(args: string[], env: Record<string, string> = {}): Promise<ScriptRun> {
  return runScript("import.ts", args, { DATA_DIR: dataDir, DATABASE_URL: "", ADMIN_TOKEN: "", INIT_CWD: root, ...env });
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "sw-import-cli-"));
  dataDir = path.join(root, "data");
  reportsDir = path.join(root, "in");
  fs.mkdirSync(reportsDir);
  // Written for this test; filed under the sample topic, which a fresh data folder gets on first open.
  fs.writeFileSync(
    path.join(reportsDir, "paris.txt"),
    "Title: Paris reacts\nOutlet: Test Wire\nDate: 2023-09-21\nTopic: karabakh-2023\n\n" +
      "France condemned the military operation launched by Azerbaijan.",
  );
  fs.writeFileSync(path.join(reportsDir, "broken.md"), "A note without any header.");
});
afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe("npm run import (child process)", () => {
  test("imports into a new data folder, then finds the same report a duplicate", { timeout: 180_000 }, async () => {
    const first = await runImport(["in"]);
    expect(first.code).toBe(1);
    expect(lastLine(first.stdout)).toBe("added 1, duplicates 0, failed 1, skipped 0");
    expect(first.stdout).toMatch(/broken\.md: no metadata header/);
    // stderr is not a terminal here: one line per file instead of a bar.
    expect(first.stderr).toMatch(/\[1\/2\] in\/broken\.md: failed: no metadata header/);
    expect(first.stderr).toMatch(/\[2\/2\] in\/paris\.txt: added report \d+ to karabakh-2023 \(FR condemn\)/);

    const again = await runImport(["in/paris.txt"]);
    expect(again.code).toBe(0);
    expect(lastLine(again.stdout)).toBe("added 0, duplicates 1, failed 0, skipped 0");
    expect(again.stdout).toMatch(/in\/paris\.txt → already stored as report \d+/);
  });

  test("bad usage exits 2 and says what is wrong", { timeout: 60_000 }, async () => {
    const none = await runImport([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^Name at least one file or folder to import\.\n\nUsage: npm run import --/);
    const missing = await runImport(["in", "nowhere.txt"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^No such file or folder: nowhere\.txt/);
    const option = await runImport(["in", "--colour", "red"]);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/Unknown option '--colour'/);
  });

  test("a folder held by a running server: goes to its API, and without a token stops with exit 2", {
    timeout: 60_000,
  }, async () => {
    // This test process plays the server holding the folder.
    const release = await acquireDataDirLock(dataDir, "next start");
    try {
      const run = await runImport(["in"], { STANCEWATCH_URL: "http://127.0.0.1:9" });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`is in use by process ${process.pid} (next start`);
      expect(run.stderr).toContain("this import goes through that server's API at http://127.0.0.1:9");
      expect(run.stderr).toMatch(/Set ADMIN_TOKEN to the server's write token/);
      expect(run.stdout).toBe("");

      const down = await runImport(["in"], {
        STANCEWATCH_URL: "http://127.0.0.1:9",
        ADMIN_TOKEN: "secret-token-0123456789",
      });
      expect(down.code).toBe(1);
      expect(down.stderr).toMatch(/Cannot import: the server at http:\/\/127\.0\.0\.1:9 does not answer/);

      // The token the server made in its data folder serves when ADMIN_TOKEN is not set.
      fs.writeFileSync(path.join(dataDir, "admin-token"), "made-by-the-server-0123456789", { mode: 0o600 });
      const withFile = await runImport(["in"], { STANCEWATCH_URL: "http://127.0.0.1:9" });
      expect(withFile.code).toBe(1);
      expect(withFile.stderr).toMatch(/Cannot import: the server at http:\/\/127\.0\.0\.1:9 does not answer/);
    } finally {
      release();
    }
  });
});

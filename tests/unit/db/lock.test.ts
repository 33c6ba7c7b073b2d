import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { acquireDataDirLock, DataDirLockedError, lockFile } from "@/db/lock";

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-lock-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("data folder lock", () => {
  test("a second holder is refused with the first one's pid", async () => {
    const dir = tempDir();
    // Another live process holds the lock.
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    fs.writeFileSync(
      lockFile(dir),
      JSON.stringify({
        pid: holder.pid,
        host: os.hostname(),
        command: "next start",
        startedAt: "2026-01-01T00:00:00Z",
      }),
    );
    try {
      expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
      expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`in use by process ${holder.pid} on .* \\(next start`));
    } finally {
      holder.kill();
    }
  });

  test("a lock written on another machine is refused, with how to clear it", () => {
    const dir = tempDir();
    fs.writeFileSync(
      lockFile(dir),
      JSON.stringify({ pid: 1, host: "another-host", command: "next start", startedAt: "2026-01-01T00:00:00Z" }),
    );
    expect(() => acquireDataDirLock(dir)).toThrow(/process 1 on another-host.*delete .*server\.lock/);
  });

  test("an unreadable lock file is refused rather than deleted", () => {
    const dir = tempDir();
    fs.writeFileSync(lockFile(dir), "");
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    expect(fs.existsSync(lockFile(dir))).toBe(true);
  });

  test("a lock left by a dead process is taken over, and released", async () => {
    const dir = tempDir();
    const dead = spawn(process.execPath, ["-e", "0"]);
    await new Promise((resolve) => dead.on("exit", resolve));
    fs.writeFileSync(
      lockFile(dir),
      JSON.stringify({ pid: dead.pid, host: os.hostname(), command: "x", startedAt: "2026-01-01T00:00:00Z" }),
    );
    const release = acquireDataDirLock(dir);
    expect(JSON.parse(fs.readFileSync(lockFile(dir), "utf8")).pid).toBe(process.pid);
    release();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
  });
});

import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { build } from "esbuild";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { acquireDataDirLock, DataDirLockedError, lockFile, readLock } from "@/db/lock";
import { runScript } from "../../helpers/run-script";

// The lock is a kernel flock(2) held by a helper process (db/lock.ts). These tests run real processes: holders
// started from tests/helpers/lock-holder.ts, which takes the lock through acquireDataDirLock as the server does.

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-lock-"));
  dirs.push(dir);
  return dir;
}

let bundleDir: string;
let holderScript: string;
beforeAll(async () => {
  bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-lock-holder-"));
  holderScript = path.join(bundleDir, "lock-holder.mjs");
  await build({
    entryPoints: ["tests/helpers/lock-holder.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: holderScript,
    logLevel: "silent",
  });
});

const children = new Set<ChildProcessWithoutNullStreams>();
afterEach(() => {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
afterAll(() => {
  if (bundleDir) fs.rmSync(bundleDir, { recursive: true, force: true });
});

type Holder = {
  child: ChildProcessWithoutNullStreams;
  /** The next line the holder prints. */
  line(): Promise<string>;
  stderr(): string;
  exited: Promise<number | null>;
};

/** A lock-holder process on `dir`; `prefix` runs it under another command (unshare). */
function startHolder(dir: string, args: string[] = [], prefix: string[] = []): Holder {
  const [command, ...before] = [...prefix, process.execPath];
  const child = spawn(command as string, [...before, holderScript, dir, ...args]);
  children.add(child);
  const queued: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  readline.createInterface({ input: child.stdout }).on("line", (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else queued.push(line);
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    line: () => {
      const line = queued.shift();
      return line !== undefined ? Promise.resolve(line) : new Promise((resolve) => waiting.push(resolve));
    },
    stderr: () => stderr,
    exited,
  };
}

/** The pids of the lock helpers (`sh -c ... stancewatch-lock <file>`) holding or asking for `dir`'s lock. */
function lockHelpers(dir: string): number[] {
  const marker = `stancewatch-lock\0${lockFile(dir)}\0`;
  return fs
    .readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker);
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

/** Whether a process has exited: gone, or a zombie not yet reaped (its files, and so its lock, are closed). */
function exited(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}

async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function refusal(dir: string): Promise<DataDirLockedError> {
  const error = await acquireDataDirLock(dir).then(
    (release) => {
      release();
      return null;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataDirLockedError);
  return error as DataDirLockedError;
}

describe("data folder lock", () => {
  test("of two acquirers asking at once, exactly one wins, and the other is told who holds the folder", async () => {
    const dir = tempDir();
    const results = await Promise.allSettled([acquireDataDirLock(dir, "first"), acquireDataDirLock(dir, "second")]);
    const won = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const error = lost[0] as DataDirLockedError;
    expect(error).toBeInstanceOf(DataDirLockedError);
    const winner = readLock(dir);
    expect(winner?.pid).toBe(process.pid);
    expect(error.holder).toEqual(winner);
    expect(error.message).toBe(
      `The data folder ${dir} is already in use by process ${process.pid} on ${os.hostname()} (${winner?.command}, ` +
        `started ${winner?.startedAt}). Only one Stancewatch process can use an embedded database folder: ` +
        `stop process ${process.pid}, or set DATA_DIR to another folder.`,
    );
    won[0]?.();
  });

  test("release frees the folder: the lock file goes, the helper exits, another process takes it", async () => {
    const dir = tempDir();
    const release = await acquireDataDirLock(dir, "next start");
    expect(readLock(dir)).toMatchObject({ pid: process.pid, host: os.hostname(), command: "next start" });
    expect(lockHelpers(dir)).toHaveLength(1);
    release();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
    await until(() => lockHelpers(dir).length === 0, "the helper exits");
    const other = startHolder(dir);
    expect(await other.line()).toBe(`won ${other.child.pid}`);
    expect((await refusal(dir)).holder?.pid).toBe(other.child.pid);
  });

  test("a holder killed with SIGKILL frees the folder: its helper does not outlive it", async () => {
    const dir = tempDir();
    const holder = startHolder(dir);
    const pid = holder.child.pid;
    expect(await holder.line()).toBe(`won ${pid}`);
    expect((await refusal(dir)).message).toContain(`already in use by process ${pid} on ${os.hostname()} (lock-holder`);
    const [helper] = lockHelpers(dir);
    expect(helper).toBeDefined();
    holder.child.kill("SIGKILL");
    await holder.exited;
    await until(() => exited(helper as number), "the killed holder's helper exits");
    // The file still names the dead process; nobody asks whether it is alive.
    expect(readLock(dir)?.pid).toBe(pid);
    const release = await acquireDataDirLock(dir);
    expect(readLock(dir)?.pid).toBe(process.pid);
    release();
  });

  test("a lock file left behind, unreadable or written on another machine, holds nothing", async () => {
    const dir = tempDir();
    for (const content of [
      "",
      "{not json",
      JSON.stringify({ pid: 1, host: "elsewhere", command: "x", startedAt: "" }),
    ]) {
      fs.writeFileSync(lockFile(dir), content);
      const release = await acquireDataDirLock(dir);
      expect(readLock(dir)?.pid).toBe(process.pid);
      release();
    }
  });

  test("two processes started together on one folder, 50 times: exactly one wins each time", {
    timeout: 120_000,
  }, async () => {
    const dir = tempDir();
    const startPair = () => [startHolder(dir, ["--on-go"]), startHolder(dir, ["--on-go"])];
    let next = startPair();
    for (let round = 1; round <= 50; round++) {
      const pair = next;
      for (const h of pair) expect(await h.line()).toBe("ready");
      // Both are up and waiting: "go" to both at once, so that they ask within the same instant.
      for (const h of pair) h.child.stdin.write("go\n");
      // The next pair starts meanwhile (node's start-up is most of a round) and waits for its own "go".
      if (round < 50) next = startPair();
      const answers = await Promise.all(pair.map((h) => h.line()));
      const winners = pair.filter((h, i) => answers[i] === `won ${h.child.pid}`);
      expect(winners, `round ${round}: ${answers.join(" | ")}`).toHaveLength(1);
      const [winner] = winners as [Holder];
      const loser = pair.find((h) => h !== winner) as Holder;
      expect(answers[pair.indexOf(loser)], `round ${round}`).toContain(
        `already in use by process ${winner.child.pid} `,
      );
      expect(await loser.exited).toBe(3);
      // Every other winner is killed outright, leaving its lock file and name behind for the next round.
      if (round % 2) winner.child.kill("SIGKILL");
      else winner.child.stdin.end();
      expect(await winner.exited).toBe(round % 2 ? null : 0);
      for (const h of pair) children.delete(h.child);
    }
  });

  const unshare = ["unshare", "--pid", "--fork", "--mount-proc"];
  const noPidNamespace =
    spawnSync(unshare[0] as string, [...unshare.slice(1), "true"]).status === 0
      ? null
      : "unshare --pid --fork --mount-proc is not permitted here (it needs root or user namespaces)";
  test.skipIf(noPidNamespace)(
    `a holder SIGKILLed and restarted in a PID namespace, as pid 1 both times, takes the folder again${noPidNamespace ? ` (skipped: ${noPidNamespace})` : ""}`,
    async () => {
      const dir = tempDir();
      const first = startHolder(dir, [], unshare);
      expect(await first.line()).toBe("won 1");
      // The holder is the namespace's pid 1; from here it has another pid, the child of unshare.
      const unsharePid = first.child.pid as number;
      const inner = Number(fs.readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, "utf8").trim());
      process.kill(inner, "SIGKILL");
      await first.exited;
      // The file names pid 1 on this host, which is alive (this machine's init, and the next holder): a pid check
      // would refuse the restart for ever.
      expect(readLock(dir)).toMatchObject({ pid: 1, host: os.hostname() });
      const second = startHolder(dir, [], unshare);
      expect(await second.line()).toBe("won 1");
      expect((await refusal(dir)).holder?.pid).toBe(1);
      second.child.stdin.end();
      expect(await second.exited).toBe(0);
    },
  );

  test("a helper killed under a live holder is replaced at once", async () => {
    const dir = tempDir();
    const said = vi.spyOn(console, "error").mockImplementation(() => {});
    const release = await acquireDataDirLock(dir);
    try {
      const [helper] = lockHelpers(dir);
      process.kill(helper as number, "SIGKILL");
      await until(() => lockHelpers(dir).some((pid) => pid !== helper), "a new helper holds the lock");
      expect(said).toHaveBeenCalledWith(
        expect.stringMatching(`the process holding the lock on ${dir} \\(pid ${helper}\\) died`),
      );
      const other = startHolder(dir);
      expect(await other.line()).toContain(`lost The data folder ${dir} is already in use by process ${process.pid} `);
    } finally {
      release();
      said.mockRestore();
    }
  });

  test("a holder whose helper died and whose folder was taken meanwhile stops with exit 1", async () => {
    const dir = tempDir();
    const holder = startHolder(dir);
    expect(await holder.line()).toBe(`won ${holder.child.pid}`);
    const [helper] = lockHelpers(dir);
    // Frozen, the holder cannot take its lock back before this process takes the folder.
    holder.child.kill("SIGSTOP");
    process.kill(helper as number, "SIGKILL");
    await until(() => exited(helper as number), "the helper exits");
    const release = await acquireDataDirLock(dir, "the new holder");
    try {
      holder.child.kill("SIGCONT");
      expect(await holder.exited).toBe(1);
      expect(holder.stderr()).toContain(
        `lost the lock on ${dir}, stopping: The data folder ${dir} is already in use by process ${process.pid}`,
      );
      // It left the new holder's file alone.
      expect(readLock(dir)?.command).toBe("the new holder");
    } finally {
      release();
    }
  });

  test("npm run db:reset refuses while a process holds the folder, and removes it once free", {
    timeout: 60_000,
  }, async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, "pglite"));
    fs.writeFileSync(path.join(dir, "pglite", "PG_VERSION"), "18");
    const release = await acquireDataDirLock(dir, "next start");
    const env = { DATA_DIR: dir, DATABASE_URL: "" };
    try {
      const refused = await runScript("reset-data.ts", [], env);
      expect(refused.code).toBe(1);
      const holder = readLock(dir);
      expect(refused.stderr).toContain(
        `Process ${process.pid} on ${os.hostname()} (next start, started ${holder?.startedAt}) is using ${dir}: stop it first.`,
      );
      expect(fs.existsSync(path.join(dir, "pglite", "PG_VERSION"))).toBe(true);
    } finally {
      release();
    }
    const reset = await runScript("reset-data.ts", [], env);
    expect(reset.stderr).toBe("");
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain(`Removed ${dir}.`);
    expect(fs.existsSync(dir)).toBe(false);
  });
});

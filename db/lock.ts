import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * PGlite has one connection and no lock of its own: two processes on one data folder corrupt it. A process holds
 * the folder with a kernel lock, flock(2), on `<dataDir>/server.lock`. The kernel answers "held or not" atomically
 * and drops the lock when its holder dies, SIGKILL included, so there is no pid to check and no staleness to
 * guess (a pid check wrongly takes a lock as held when a restarted container gives the new process the old pid).
 *
 * Node has no flock(). The native addons that add one need a compiler or a prebuilt binary per platform, and must
 * be kept out of Next's bundle; instead a tiny `sh` helper takes the lock with util-linux's flock(1) (Essential on
 * Debian) and holds it while its stdin, a pipe from this process, stays open. When this process exits or is
 * killed, the kernel closes the pipe, the helper reads end-of-file and exits, and the lock goes with it. The helper
 * runs in its own session and ignores the polite signals, so a Ctrl-C or a SIGTERM to the whole group cannot free
 * the folder while the server is still closing its database.
 *
 * The file's JSON (pid, host, command, start) only names the holder in the refusal message; it is never taken
 * as the truth about whether the folder is held.
 */

export type LockInfo = { pid: number; host: string; command: string; startedAt: string };

export class DataDirLockedError extends Error {
  readonly holder: LockInfo | null;
  constructor(dataDir: string, holder: LockInfo | null) {
    const remedy = "Only one Stancewatch process can use an embedded database folder";
    super(
      holder
        ? `The data folder ${dataDir} is already in use by process ${holder.pid} on ${holder.host} (${holder.command}, started ${holder.startedAt}). ` +
            `${remedy}: stop process ${holder.pid}, or set DATA_DIR to another folder.`
        : `The data folder ${dataDir} is already in use by another process, which has not written its name into ` +
            `${lockFile(dataDir)}. ${remedy}: stop it, or set DATA_DIR to another folder.`,
    );
    this.name = "DataDirLockedError";
    this.holder = holder;
  }
}

export function lockFile(dataDir: string): string {
  return path.join(dataDir, "server.lock");
}

/** Who last wrote the lock file: the holder while the folder is held, otherwise a past one. Null when unreadable. */
export function readLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(lockFile(dataDir), "utf8")) as LockInfo;
    return Number.isInteger(info.pid) && typeof info.host === "string" ? info : null;
  } catch {
    return null;
  }
}

/**
 * The helper ($1 the lock file, $2 the holder's JSON). It opens the file without truncating it (the holder's name
 * must survive a loser's open), asks for the lock without waiting, and checks that the file it locked is still
 * the one at that path: a releasing holder deletes the file before it lets go, and a lock on a deleted file
 * protects nothing, so it tries again on the new one. It answers one line, `locked` or `busy`, and a winner then
 * holds the lock until its stdin closes. A missing flock(1) or an unwritable folder exits non-zero with the
 * shell's message on stderr.
 */
const HELPER = `
trap '' INT TERM HUP QUIT
n=0
while [ "$n" -lt 20 ]; do
  n=$((n + 1))
  exec 9>>"$1"
  flock -xn 9
  rc=$?
  if [ "$rc" -gt 1 ]; then exit "$rc"; fi
  if [ /proc/self/fd/9 -ef "$1" ]; then
    if [ "$rc" -eq 1 ]; then echo busy; exit 0; fi
    printf '%s\\n' "$2" > "$1"
    echo locked
    while read -r _; do :; done
    exit 0
  fi
  exec 9>&-
done
echo "the lock file $1 keeps being replaced" >&2
exit 1
`;

type Helper = { child: ChildProcess; locked: boolean };

// Helpers holding a lock, kept reachable for the life of the process: their stdin must stay open.
const holding = new Set<ChildProcess>();

function startHelper(file: string, info: LockInfo): Promise<Helper> {
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", HELPER, "stancewatch-lock", file, JSON.stringify(info)], {
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let settled = false;
    const settle = (outcome: Helper | Error) => {
      if (settled) return;
      settled = true;
      child.stdout?.destroy();
      child.stderr?.destroy();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      const line = out.split("\n", 2)[0];
      if (line === undefined || !out.includes("\n")) return;
      if (line === "locked") {
        holding.add(child);
        // Neither the helper nor its pipe keeps this process running; the pipe closes when the process ends.
        child.unref();
        if (child.stdin instanceof net.Socket) child.stdin.unref();
        settle({ child, locked: true });
      } else if (line === "busy") settle({ child, locked: false });
      else settle(new Error(`Could not lock ${file}: unexpected answer "${line}" from the lock helper`));
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      err += chunk;
    });
    child.once("error", (error) => settle(new Error(`Could not lock ${file}: ${error.message}`)));
    // "close", not "exit": the helper's last words on stdout are read before this.
    child.once("close", (code, signal) => {
      const why = code === 127 ? "the flock command (util-linux) is not installed" : err.trim();
      settle(new Error(`Could not lock ${file}: ${why || `the lock helper exited with ${code ?? signal}`}`));
    });
  });
}

function endHelper(child: ChildProcess) {
  holding.delete(child);
  // End-of-file on its stdin: the helper exits and the kernel drops its lock.
  child.stdin?.destroy();
}

/**
 * The holder named in the file. A winner writes its name just after it gets the lock, so a name written before
 * this process asked (by the file system's clock, a few ms coarse) may be a killed holder's that the winner of a
 * moment ago has not replaced yet: wait briefly for a newer one, or for a half-written one to be complete.
 */
async function currentHolder(dataDir: string, askedAt: number): Promise<LockInfo | null> {
  const written = () => {
    try {
      return fs.statSync(lockFile(dataDir)).mtimeMs;
    } catch {
      return 0;
    }
  };
  const first = written();
  const deadline = Date.now() + 100;
  while (Date.now() < deadline && ((first < askedAt - 10 && written() === first) || readLock(dataDir) === null)) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return readLock(dataDir);
}

/**
 * Takes the folder's lock, or throws DataDirLockedError naming the holder when another process has it. Of any
 * number of processes asking at once exactly one wins. Resolves with a release function, which the process's
 * exit calls too.
 */
export async function acquireDataDirLock(dataDir: string, command = describeProcess()): Promise<() => void> {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockFile(dataDir);
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), command, startedAt: new Date().toISOString() };
  const askedAt = Date.now();
  let helper = await startHelper(file, mine);
  if (!helper.locked) throw new DataDirLockedError(dataDir, await currentHolder(dataDir, askedAt));

  let released = false;
  // The file is deleted before the lock goes (see HELPER); a process that no longer holds it must leave it alone.
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    try {
      fs.rmSync(file, { force: true });
    } catch {
      // An undeletable file is only a name: the kernel lock is what counts.
    }
    endHelper(helper.child);
  };
  process.once("exit", release);

  // A helper ends before its time only when something kills it by its pid (it ignores the usual stop signals).
  // Take the lock again at once; if another process got there first, stop: two processes on one folder corrupt it.
  const watch = (child: ChildProcess) =>
    child.once("exit", () => {
      holding.delete(child);
      if (released) return;
      console.error(
        `[stancewatch] the process holding the lock on ${dataDir} (pid ${child.pid}) died; taking it again`,
      );
      startHelper(file, mine).then(
        (again) => {
          if (again.locked && !released) {
            helper = again;
            watch(again.child);
          } else if (again.locked) {
            fs.rmSync(file, { force: true });
            endHelper(again.child);
          } else lost(new DataDirLockedError(dataDir, readLock(dataDir)).message);
        },
        (error: Error) => lost(error.message),
      );
    });
  const lost = (why: string) => {
    released = true;
    process.off("exit", release);
    console.error(`[stancewatch] lost the lock on ${dataDir}, stopping: ${why}`);
    process.exit(1);
  };
  watch(helper.child);
  return release;
}

function describeProcess(): string {
  const script = process.argv
    .slice(1, 3)
    .map((a) => path.basename(a))
    .join(" ");
  return script ? `node ${script}` : "node";
}

import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * PGlite has one connection and no lock of its own: two processes on one data folder corrupt it. The first
 * process puts its pid into `<dataDir>/server.lock`; another one is refused while that process is alive.
 */

export type LockInfo = { pid: number; host: string; command: string; startedAt: string };

export class DataDirLockedError extends Error {
  readonly holder: LockInfo | null;
  constructor(dataDir: string, holder: LockInfo | null, detail?: string) {
    super(
      holder
        ? `The data folder ${dataDir} is already in use by process ${holder.pid} on ${holder.host} (${holder.command}, started ${holder.startedAt}). ` +
            `Only one Stancewatch process can use an embedded database folder: stop process ${holder.pid}, or set DATA_DIR to another folder.${detail ? ` ${detail}` : ""}`
        : `The data folder ${dataDir} is locked by ${lockFile(dataDir)}, which cannot be read. ${detail ?? ""}`.trim(),
    );
    this.name = "DataDirLockedError";
    this.holder = holder;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function lockFile(dataDir: string): string {
  return path.join(dataDir, "server.lock");
}

/** The lock's holder, or null when there is no lock file. Throws on a file that is not a lock. */
export function readLock(dataDir: string): LockInfo | null {
  let text: string;
  try {
    text = fs.readFileSync(lockFile(dataDir), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const info = JSON.parse(text) as LockInfo;
  if (!Number.isInteger(info.pid) || typeof info.host !== "string") throw new Error("not a lock file");
  return info;
}

export type LockState = { state: "free" } | { state: "held"; holder: LockInfo } | { state: "stale"; holder: LockInfo };

/** Who holds the folder. A lock from another machine counts as held: its pid cannot be checked from here. */
export function lockState(dataDir: string): LockState {
  const holder = readLock(dataDir);
  if (!holder) return { state: "free" };
  if (holder.host !== os.hostname() || isAlive(holder.pid)) return { state: "held", holder };
  return { state: "stale", holder };
}

/**
 * Takes the folder's lock or throws DataDirLockedError naming the holder. The lock appears atomically (a
 * complete temp file hard-linked into place), and a stale lock is moved aside by one rename, so two processes
 * racing for the same folder cannot both win. Returns a release function.
 */
export function acquireDataDirLock(dataDir: string, command = describeProcess()): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockFile(dataDir);
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), command, startedAt: new Date().toISOString() };
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(mine));
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        fs.linkSync(temp, file);
        const release = () => {
          try {
            if (readLock(dataDir)?.pid === process.pid) fs.rmSync(file, { force: true });
          } catch {
            // a lock file that is no longer ours is left alone
          }
        };
        process.once("exit", release);
        return release;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      let state: LockState;
      try {
        state = lockState(dataDir);
      } catch {
        throw new DataDirLockedError(dataDir, null, "If no Stancewatch process is running on it, delete that file.");
      }
      if (state.state === "held") {
        const foreign = state.holder.host !== mine.host;
        throw new DataDirLockedError(
          dataDir,
          state.holder,
          foreign ? `If that machine no longer runs it, delete ${file}.` : undefined,
        );
      }
      // The holder died without cleaning up (a crash or SIGKILL). Only one process can rename the stale file away.
      try {
        fs.renameSync(file, `${file}.stale-${process.pid}`);
        fs.rmSync(`${file}.stale-${process.pid}`, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
    throw new Error(`Could not take the lock on ${dataDir}: ${file} keeps reappearing`);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

function describeProcess(): string {
  const script = process.argv
    .slice(1, 3)
    .map((a) => path.basename(a))
    .join(" ");
  return script ? `node ${script}` : "node";
}

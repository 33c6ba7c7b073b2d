import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * PGlite has one connection and no lock of its own: two processes on one data folder corrupt it. The first
 * process writes its pid into `<dataDir>/server.lock`; a second one is refused while that pid is alive.
 */

export type LockInfo = { pid: number; host: string; command: string; startedAt: string };

export class DataDirLockedError extends Error {
  readonly holder: LockInfo;
  constructor(dataDir: string, holder: LockInfo) {
    super(
      `The data folder ${dataDir} is already in use by process ${holder.pid} (${holder.command}, started ${holder.startedAt}). ` +
        `Only one Stancewatch process can use an embedded database folder: stop process ${holder.pid}, or set DATA_DIR to another folder.`,
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

function readLock(file: string): LockInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(file, "utf8")) as LockInfo;
    return Number.isInteger(info.pid) ? info : null;
  } catch {
    return null;
  }
}

export function lockFile(dataDir: string): string {
  return path.join(dataDir, "server.lock");
}

/** Takes the folder's lock or throws DataDirLockedError naming the holder. Returns a release function. */
export function acquireDataDirLock(dataDir: string, command = describeProcess()): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockFile(dataDir);
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), command, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: "wx" });
      const release = () => {
        if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readLock(file);
      if (holder && holder.pid !== process.pid && holder.host === mine.host && isAlive(holder.pid)) {
        throw new DataDirLockedError(dataDir, holder);
      }
      // The holder died without cleaning up (a crash or SIGKILL): the lock is stale.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not take the lock on ${dataDir}: ${file} keeps reappearing`);
}

function describeProcess(): string {
  const script = process.argv
    .slice(1, 3)
    .map((a) => path.basename(a))
    .join(" ");
  return script ? `node ${script}` : "node";
}

// The built app as a child process, for the fault scripts (crash loop, PostgreSQL outage) and the SIGTERM spec:
// started the way `npm start` starts it (`next start` with NEXT_MANUAL_SIG_HANDLE), watched until it answers.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

export type AppProcess = {
  child: ChildProcess;
  pid: number;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once /api/health answers 200, with the time from spawn; rejects when the process exits first. */
  ready(timeoutMs?: number): Promise<number>;
};

const NEXT_BIN = path.join("node_modules", "next", "dist", "bin", "next");

export function startApp(port: number, env: Record<string, string | undefined>): AppProcess {
  const started = Date.now();
  const child = spawn(process.execPath, [NEXT_BIN, "start", "--port", String(port)], {
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      // These scripts are one client writing as fast as they can on purpose: the per-client limit is not tested here.
      WRITE_RATE_PER_MIN: "100000",
      ...env,
      PORT: String(port),
      // As scripts/start.mjs does: the app, not Next, handles SIGTERM (drain, close the database, exit 0).
      NEXT_MANUAL_SIG_HANDLE: "true",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const ready = async (timeoutMs = 120_000) => {
    const deadline = started + timeoutMs;
    let gone = false;
    void exited.then(() => (gone = true));
    for (;;) {
      if (gone) throw new Error(`the server exited before answering:\n${output.slice(-3000)}`);
      const health = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5000) }).catch(
        () => null,
      );
      if (health?.ok) return Date.now() - started;
      await health?.body?.cancel();
      if (Date.now() > deadline)
        throw new Error(`the server did not answer within ${timeoutMs} ms:\n${output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, pid: child.pid ?? -1, output: () => output, exited, ready };
}

/** Whether something already listens on the port (another run, another engineer's server). */
export async function portAnswers(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

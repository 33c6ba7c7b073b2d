import { spawn } from "node:child_process";
import path from "node:path";

export type ScriptRun = { code: number | null; stdout: string; stderr: string };

/** Runs one of scripts/*.ts as `npm run` would (through tsx, from the project folder) and collects its output. */
export function runScript(script: string, args: string[], env: Record<string, string | undefined>): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join("node_modules", ".bin", "tsx"), [path.join("scripts", script), ...args], {
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The last line a run printed. */
export const lastLine = (text: string) => text.trimEnd().split("\n").at(-1);

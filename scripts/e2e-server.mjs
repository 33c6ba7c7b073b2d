// The server the Playwright suite runs against: a fresh embedded database folder each run (or DATABASE_URL).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const dataDir = path.resolve(process.env.DATA_DIR ?? ".tmp/e2e-data");
if (!process.env.DATABASE_URL) fs.rmSync(dataDir, { recursive: true, force: true });
const child = spawn(process.execPath, ["scripts/start.mjs"], {
  stdio: "inherit",
  env: { ...process.env, DATA_DIR: dataDir },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 1));

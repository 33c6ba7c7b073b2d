#!/usr/bin/env node
// `npm start`: build the app when its sources changed since the last build, then serve it with `next start`.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stampFile = path.join(root, ".next", "stancewatch-build.json");
const next = path.join(root, "node_modules", ".bin", "next");
const INPUTS = [
  "app",
  "components",
  "browser",
  "contracts",
  "domain",
  "hooks",
  "server",
  "db",
  "instrumentation.ts",
  "proxy.ts",
  "next.config.js",
  "scripts/build-export-worker.mjs",
  "package-lock.json",
  "tsconfig.json",
];

function* files(entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return;
  if (fs.statSync(full).isFile()) {
    yield entry;
    return;
  }
  for (const name of fs.readdirSync(full).sort()) yield* files(path.join(entry, name));
}

/** A content hash of everything the build reads, so a fresh clone, a pull or an edit triggers a rebuild. */
export function sourceFingerprint() {
  const hash = createHash("sha256");
  for (const entry of INPUTS) {
    for (const file of files(entry)) {
      hash.update(file);
      hash.update(fs.readFileSync(path.join(root, file)));
    }
  }
  return hash.digest("hex");
}

/** Builds when the sources changed; returns false when the build fails. */
export function ensureBuild({ quiet = false } = {}) {
  const fingerprint = sourceFingerprint();
  let stamp = null;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, "utf8"));
  } catch {}
  if (stamp?.fingerprint === fingerprint && fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    if (!quiet) console.log("[stancewatch] build is up to date");
    return true;
  }
  console.log("[stancewatch] building the app (sources changed since the last build)...");
  const result = spawnSync(next, ["build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) {
    console.error("[stancewatch] the build failed; see the output above");
    return false;
  }
  // The chart exports draw in a worker thread from its own bundle (server/export/render-worker.tsx).
  const worker = spawnSync(process.execPath, [path.join(root, "scripts", "build-export-worker.mjs")], {
    cwd: root,
    stdio: "inherit",
  });
  if (worker.status !== 0) {
    console.error("[stancewatch] bundling the export renderer failed; see the output above");
    return false;
  }
  fs.writeFileSync(stampFile, JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }));
  return true;
}

/**
 * The tokens, checked before a build that can take minutes: the rule of server/config.ts (MIN_TOKEN_LENGTH), which
 * the server applies again when it starts. An unset ADMIN_TOKEN is fine: on the embedded database the server makes
 * one in DATA_DIR/admin-token on its first start; with DATABASE_URL it reads and refuses writes until one is set.
 */
function tokensProblem() {
  for (const name of ["ADMIN_TOKEN", "READ_TOKEN"]) {
    const value = process.env[name];
    if (value && (value.length < 16 || /\s/.test(value))) {
      return `${name} must be at least 16 characters with no spaces (e.g. openssl rand -hex 24)`;
    }
  }
  return null;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const problem = process.argv.includes("--build-only") ? null : tokensProblem();
  if (problem) {
    console.error(`[stancewatch] Invalid configuration: ${problem}`);
    process.exit(1);
  }
  if (!ensureBuild()) process.exit(1);
  if (process.argv.includes("--build-only")) process.exit(0);
  const port = process.env.PORT || "3000";
  const child = spawn(next, ["start", "--port", port], {
    cwd: root,
    stdio: "inherit",
    // Next leaves SIGTERM and SIGINT to server/lifecycle/start.ts, which closes the database before exiting.
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXT_MANUAL_SIG_HANDLE: "true" },
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

#!/usr/bin/env node
// `npm test`: lint (with the layer rules), types, unit tests (in-memory PGlite, or PostgreSQL when DATABASE_URL is set),
// then the Playwright suites (API, faults and browser) against the built app. Ends with "N passed, N failed".
//   --db-suites  only the database, API and fault suites (the second CI pass, on PostgreSQL)
//   --e2e-only   only the Playwright suites
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEBIAN_CHROMIUM, findChromium } from "./find-chromium.mjs";
import { ensureBuild } from "./start.mjs";
import { countResults } from "./tally.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dbOnly = process.argv.includes("--db-suites");
const e2eOnly = process.argv.includes("--e2e-only");
const tag = process.env.DATABASE_URL ? "postgres" : "pglite";
const results = path.join(root, "test-results");
fs.mkdirSync(results, { recursive: true });
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

function run(label, command, args, extraEnv = {}) {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });
  return r.status === 0;
}

/** A check that is not a test runner (lint, build, browser) still counts in the tally. */
function record(name, ok) {
  const file = path.join(results, `${name}-${tag}.json`);
  fs.writeFileSync(file, JSON.stringify({ numPassedTests: ok ? 1 : 0, numFailedTests: ok ? 0 : 1 }));
  reports.push(file);
  return ok;
}

function installDebianChromium() {
  console.log("Installing Debian's chromium package with apt...");
  spawnSync("apt-get", ["update"], { stdio: "inherit" });
  spawnSync(
    "apt-get",
    ["install", "-y", "--no-install-recommends", "chromium", "fonts-liberation", "fonts-dejavu-core"],
    {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    },
  );
  return fs.existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : null;
}

function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  // As root, Debian's package comes first: it brings the system libraries a downloaded browser may lack.
  if (process.getuid?.() === 0 && installDebianChromium()) return DEBIAN_CHROMIUM;
  console.log("No Chromium found; trying Playwright's own download...");
  const own = spawnSync(bin("playwright"), ["install", "chromium"], { cwd: root, stdio: "inherit", timeout: 180_000 });
  return own.status === 0 ? findChromium() : null;
}

const reports = [];
let ok = true;

if (!dbOnly && !e2eOnly) {
  // One check in the tally: the layer rules and the types are both lint.
  const biome = run("lint (biome)", bin("biome"), ["check", "."]);
  const types = run("typecheck (tsc)", "npm", ["run", "--silent", "typecheck"]);
  ok = record("lint", biome && types) && ok;
}

if (!e2eOnly) {
  const unitReport = path.join(results, `vitest-${tag}.json`);
  reports.push(unitReport);
  fs.rmSync(unitReport, { force: true });
  ok =
    run(`unit tests (${tag})`, bin("vitest"), [
      "run",
      ...(dbOnly ? ["tests/unit/db"] : []),
      "--reporter=default",
      "--reporter=json",
      `--outputFile=${unitReport}`,
    ]) && ok;
}

let chromium = null;
if (!dbOnly) {
  chromium = ensureChromium();
  if (!chromium) console.error("No Chromium: set CHROMIUM_PATH, or run as root so Debian's chromium can be installed.");
  // The browser suite cannot run without one: that is a failure, not a silent skip.
  ok = record("chromium", Boolean(chromium)) && ok;
}

console.log("\n=== build ===");
const built = record("build", ensureBuild());
ok = built && ok;

if (built) {
  const e2eReport = path.join(results, `playwright-${tag}.json`);
  reports.push(e2eReport);
  fs.rmSync(e2eReport, { force: true });
  const projects = dbOnly || !chromium ? ["--project=api", "--project=faults"] : [];
  ok =
    run(`end-to-end tests (${tag})`, bin("playwright"), ["test", ...projects], {
      PLAYWRIGHT_JSON_FILE: e2eReport,
      ...(chromium ? { CHROMIUM_PATH: chromium } : {}),
    }) && ok;
}

const { passed, failed } = countResults(reports);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);

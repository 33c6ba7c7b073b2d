#!/usr/bin/env node
// `npm test`: lint, unit tests (lib and db/queries on in-memory PGlite, or PostgreSQL when DATABASE_URL is set),
// then the Playwright suites (API and browser) against the built app. Ends with "N passed, N failed".
//   --db-suites  only the database and API suites (the second CI pass, on PostgreSQL)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEBIAN_CHROMIUM, findChromium } from "./find-chromium.mjs";
import { ensureBuild } from "./start.mjs";
import { countResults } from "./tally.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dbOnly = process.argv.includes("--db-suites");
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

function ensureChromium() {
  let found = findChromium();
  if (found) return found;
  console.log("No Chromium found; trying Playwright's own download...");
  const own = spawnSync(bin("playwright"), ["install", "chromium"], { cwd: root, stdio: "inherit", timeout: 120_000 });
  found = own.status === 0 ? findChromium() : null;
  if (found) return found;
  if (process.getuid?.() === 0) {
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
    if (fs.existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  }
  return null;
}

const reports = [];
let ok = true;

if (!dbOnly) {
  // Lint counts as one check in the tally, so a lint failure shows in the final line too.
  const lintOk = run("lint (biome)", bin("biome"), ["check", "."]);
  const lintReport = path.join(results, "lint.json");
  fs.writeFileSync(lintReport, JSON.stringify({ numPassedTests: lintOk ? 1 : 0, numFailedTests: lintOk ? 0 : 1 }));
  reports.push(lintReport);
  ok = lintOk && ok;
}

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

let chromium = null;
if (!dbOnly) {
  chromium = ensureChromium();
  if (!chromium) {
    console.error("No Chromium available: set CHROMIUM_PATH, or run as root so Debian's chromium can be installed.");
    ok = false;
  }
}

console.log("\n=== build ===");
ensureBuild();

const e2eReport = path.join(results, `playwright-${tag}.json`);
reports.push(e2eReport);
fs.rmSync(e2eReport, { force: true });
const projects = dbOnly || !chromium ? ["--project=api"] : [];
ok =
  run(`end-to-end tests (${tag})`, bin("playwright"), ["test", ...projects], {
    PLAYWRIGHT_JSON_FILE: e2eReport,
    ...(chromium ? { CHROMIUM_PATH: chromium } : {}),
  }) && ok;

const { passed, failed } = countResults(reports);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);

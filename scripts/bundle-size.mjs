#!/usr/bin/env node
// `npm run size`: the dashboard's first-load JavaScript, gzip-compressed, as a browser downloads it.
// Builds when needed, serves the app on a spare port with a throwaway data folder, reads every script the
// page loads and prints each one's gzip size and the total against the 200 kB budget.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { ensureBuild } from "./start.mjs";

const BUDGET = 200 * 1024;
const port = Number(process.env.SIZE_PORT ?? 3290);
const base = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stancewatch-size-"));

if (!ensureBuild({ quiet: true })) process.exit(1);
const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", String(port)], {
  env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", NEXT_TELEMETRY_DISABLED: "1" },
  stdio: "ignore",
});

async function waitForServer() {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the server did not start");
}

try {
  await waitForServer();
  const html = await (await fetch(`${base}/`)).text();
  const tags = [...html.matchAll(/<script[^>]+src="([^"]+\.js[^"]*)"[^>]*>/g)];
  // A `nomodule` script (Next's polyfills for browsers without ES modules) is skipped by every browser that
  // runs the app's module code; it is listed, not counted.
  const isNoModule = (tag) => /\snomodule(=|\s|>)/i.test(tag);
  const srcs = [...new Map(tags.map(([tag, src]) => [src, isNoModule(tag)]))];
  let total = 0;
  const rows = [];
  const skipped = [];
  for (const [src, noModule] of srcs) {
    const body = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
    const gz = gzipSync(body, { level: 9 }).length;
    const row = [src.replace(/^\/_next\/static\//, ""), (body.length / 1024).toFixed(1), (gz / 1024).toFixed(1)];
    if (noModule) skipped.push(row);
    else {
      total += gz;
      rows.push(row);
    }
  }
  rows.sort((a, b) => Number(b[2]) - Number(a[2]));
  const line = ([name, raw, gz]) => `${name.slice(0, 50).padEnd(50)} ${raw.padStart(8)} ${gz.padStart(9)}`;
  console.log("script                                              raw kB   gzip kB");
  for (const row of rows) console.log(line(row));
  const verdict = total <= BUDGET ? "within" : "OVER";
  console.log(
    `\nDashboard first-load JavaScript: ${(total / 1024).toFixed(1)} kB gzip in ${rows.length} files (${verdict} the 200 kB budget)`,
  );
  if (skipped.length > 0) {
    console.log("\nNot counted: nomodule scripts, loaded only by browsers without ES module support");
    for (const row of skipped) console.log(line(row));
  }
  process.exitCode = total <= BUDGET ? 0 : 1;
} finally {
  server.kill("SIGTERM");
  setTimeout(() => fs.rmSync(dataDir, { recursive: true, force: true }), 1500);
}

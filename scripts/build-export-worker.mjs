#!/usr/bin/env node
// Bundles the chart-export renderer (server/export/render-worker.tsx) into .next/export-render-worker.mjs. Run by
// `npm run build` / `npm start` after `next build`, and by the server itself on first use when it is missing.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const WORKER_OUT = path.join(root, ".next", "export-render-worker.mjs");

export async function buildExportWorker() {
  await build({
    entryPoints: [path.join(root, "server", "export", "render-worker.tsx")],
    outfile: WORKER_OUT,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    jsx: "automatic",
    tsconfig: path.join(root, "tsconfig.json"),
    // One React for the worker, from node_modules, as the charts expect; resvg is a native addon.
    external: ["react", "react-dom", "react-dom/*", "recharts", "jsdom", "@resvg/resvg-js"],
    logLevel: "warning",
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  buildExportWorker().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

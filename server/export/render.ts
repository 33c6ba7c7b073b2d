import "server-only";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { ApiError } from "../../contracts/errors";
import type { ExportChart } from "./index";

/**
 * Draws the dashboard's chart components to SVG, and rasterises SVG to PNG, in a worker thread (see
 * render-worker.tsx), so neither holds the server's event loop. One worker per process, started on first use;
 * requests queue in it and are answered by id. How many wait at most is bounded in front of it (queue.ts).
 */

export const WORKER_FILE = path.join(process.cwd(), ".next", "export-render-worker.mjs");

type Answer = { id: number; svg?: string; png?: Uint8Array; error?: string };
type Pending = { resolve: (answer: Answer) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };
type Holder = { worker: Worker; pending: Map<number, Pending>; next: number };

const holder = globalThis as typeof globalThis & { __stancewatchExportWorker?: Holder };

/**
 * What a file gets when the renderer does not finish it (too slow, or stopped under it): 503, as for a full queue.
 * The worker yields the CPU to the server's requests, so under heavy load drawing is what slows down; the next
 * request starts a fresh renderer. The cause is logged where it happens.
 */
const notDrawn = () =>
  new ApiError("unavailable", "The server could not draw this file right now (it is busy). Try again in 10 s.", {
    details: { retryAfterSeconds: 10 },
    headers: { "retry-after": "10" },
  });

/** `next dev` has no build step for the worker: bundle it on first use (scripts/build-export-worker.mjs). */
function buildRenderWorker(): void {
  const built = spawnSync(process.execPath, [path.join(process.cwd(), "scripts", "build-export-worker.mjs")], {
    stdio: "inherit",
  });
  if (built.status !== 0) throw new Error("bundling the export renderer failed");
}

async function workerHolder(): Promise<Holder> {
  if (holder.__stancewatchExportWorker) return holder.__stancewatchExportWorker;
  // Under `next dev` the charts change as you edit them: bundle afresh once per server process.
  if (!fs.existsSync(WORKER_FILE) || process.env.NODE_ENV !== "production") buildRenderWorker();
  // React's act() exists only in its development build; the worker draws files, it serves no page.
  // Reflect.construct, not `new Worker(...)`: the bundler would try to bundle the worker file itself.
  const worker: Worker = Reflect.construct(Worker, [WORKER_FILE, { env: { ...process.env, NODE_ENV: "development" } }]);
  const created: Holder = { worker, pending: new Map(), next: 1 };
  worker.unref();
  worker.on("message", (m: Answer) => {
    const p = created.pending.get(m.id);
    if (!p) return;
    created.pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.error === undefined) p.resolve(m);
    else p.reject(new Error(m.error || "the chart renderer failed"));
  });
  const fail = (cause: Error) => {
    if (created.pending.size > 0)
      console.error("[export] the chart renderer stopped with files in hand:", cause.message);
    for (const p of created.pending.values()) {
      clearTimeout(p.timer);
      p.reject(notDrawn());
    }
    created.pending.clear();
    if (holder.__stancewatchExportWorker === created) holder.__stancewatchExportWorker = undefined;
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`the chart renderer stopped (exit code ${code})`)));
  holder.__stancewatchExportWorker = created;
  return created;
}

async function ask(job: Record<string, unknown>, what: string, timeoutMs: number): Promise<Answer> {
  const h = await workerHolder();
  const id = h.next++;
  return new Promise<Answer>((resolve, reject) => {
    const timer = setTimeout(() => {
      h.pending.delete(id);
      console.error(`[export] ${what} took over ${timeoutMs} ms: restarting the renderer`);
      reject(notDrawn());
      // A renderer that hangs would hold every later export: replace it.
      void h.worker.terminate();
    }, timeoutMs);
    h.pending.set(id, { resolve, reject, timer });
    h.worker.postMessage({ ...job, id });
  });
}

/** The chart component's own `<svg>`, drawn with `props`. */
export async function renderChartSvg(
  chart: ExportChart,
  props: Record<string, unknown>,
  timeoutMs = 20_000,
): Promise<string> {
  const answer = await ask({ kind: "svg", chart, props }, `drawing the ${chart} chart`, timeoutMs);
  if (answer.svg === undefined) throw new Error(`the ${chart} chart came back without its SVG`);
  return answer.svg;
}

/** A standalone SVG as a PNG at PNG_SCALE times its size, on white (resvg, in the worker). */
export async function rasterisePng(svg: string, timeoutMs = 20_000): Promise<Uint8Array> {
  const answer = await ask({ kind: "png", svg }, "rasterising the PNG", timeoutMs);
  if (!answer.png) throw new Error("the PNG came back empty");
  return answer.png;
}

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { ExportChart } from "./index";

/**
 * Draws the dashboard's chart components to SVG in a worker thread (see render-worker.tsx). One
 * worker per process, started on first use; requests queue in it and are answered by id.
 */

export const WORKER_FILE = path.join(process.cwd(), ".next", "export-render-worker.mjs");

type Pending = { resolve: (svg: string) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };
type Holder = { worker: Worker; pending: Map<number, Pending>; next: number };

const holder = globalThis as typeof globalThis & { __stancewatchExportWorker?: Holder };

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
  worker.on("message", (m: { id: number; svg?: string; error?: string }) => {
    const p = created.pending.get(m.id);
    if (!p) return;
    created.pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.svg !== undefined) p.resolve(m.svg);
    else p.reject(new Error(m.error ?? "the chart renderer failed"));
  });
  const fail = (error: Error) => {
    for (const p of created.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    created.pending.clear();
    if (holder.__stancewatchExportWorker === created) holder.__stancewatchExportWorker = undefined;
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`the chart renderer stopped (exit code ${code})`)));
  holder.__stancewatchExportWorker = created;
  return created;
}

export async function renderChartSvg(
  chart: ExportChart,
  props: Record<string, unknown>,
  timeoutMs = 20_000,
): Promise<string> {
  const h = await workerHolder();
  const id = h.next++;
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      h.pending.delete(id);
      reject(new Error(`the ${chart} chart took over ${timeoutMs} ms to draw`));
      // A renderer that hangs would hold every later export: replace it.
      void h.worker.terminate();
    }, timeoutMs);
    h.pending.set(id, { resolve, reject, timer });
    h.worker.postMessage({ id, chart, props });
  });
}

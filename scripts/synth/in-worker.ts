import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { SynthCsvBatch, SynthReference } from "../../domain/synth/batches";
import type { SynthOptions } from "../../domain/synth/generate";

export type SynthWorkerData = {
  options: SynthOptions;
  actorCodes: string[];
  actorNames: Map<string, string>;
  ref: SynthReference;
  first: { report: number; cited: number };
  batchSize: number;
  /** How many batches the worker may have sent that the caller has not taken yet. */
  ahead: number;
};

/**
 * The worker's entry is TypeScript: it is loaded through tsx's API, since a worker does not inherit the hooks
 * that `tsx` put on the main thread.
 */
function workerSource(): string {
  // The package's ES module build: from a worker, tsImport in its CommonJS build looks for a file that is not there.
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs"),
  ).href;
  const entry = new URL("./worker.ts", import.meta.url).href;
  return `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`;
}

/**
 * The batches of synthCsvBatches(synthReports(...)), generated in a worker thread: on a machine with two cores
 * the next batch is built while the database writes this one. A failure in the worker is thrown here; leaving
 * the loop early stops the worker.
 */
export async function* synthInWorker(data: SynthWorkerData): AsyncGenerator<SynthCsvBatch> {
  if (!Number.isInteger(data.ahead) || data.ahead < 1)
    throw new RangeError("ahead must be a whole number of at least 1");
  const worker = new Worker(workerSource(), { eval: true, workerData: data });
  const queue: SynthCsvBatch[] = [];
  let done = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => wake?.();
  worker.on("message", (m: { batch?: SynthCsvBatch; done?: true }) => {
    if (m.done) done = true;
    else if (m.batch) queue.push(m.batch);
    notify();
  });
  const fail = (error: unknown) => {
    failure ??= error;
    notify();
  };
  worker.on("error", fail);
  // A batch that cannot be read must not be skipped in silence: the load would end short.
  worker.on("messageerror", fail);
  worker.on("exit", (code) => {
    if (!done && failure === null) failure = new Error(`the synth worker stopped (exit code ${code}) before the end`);
    notify();
  });
  try {
    for (;;) {
      const next = queue.shift();
      if (next) {
        worker.postMessage("next");
        yield next;
        continue;
      }
      if (failure !== null) throw failure;
      if (done) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
  } finally {
    await worker.terminate();
  }
}

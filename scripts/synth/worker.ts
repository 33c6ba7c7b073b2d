// The worker thread behind scripts/synth/in-worker.ts: generates the synthetic reports and turns them into COPY
// batches while the main thread writes the previous ones. Sends a batch only when the main thread has room for
// it (one credit per batch it took), so memory stays at a few batches however large the load.
import { parentPort, workerData } from "node:worker_threads";
import { synthCsvBatches } from "../../domain/synth/batches";
import { synthReports } from "../../domain/synth/generate";
import type { SynthWorkerData } from "./in-worker";

async function run(port: NonNullable<typeof parentPort>, data: SynthWorkerData): Promise<void> {
  let credits = data.ahead;
  let wake: (() => void) | null = null;
  const onCredit = () => {
    credits++;
    wake?.();
  };
  port.on("message", onCredit);
  const reports = synthReports(data.options, data.actorCodes, data.actorNames);
  for (const batch of synthCsvBatches(reports, data.ref, data.first, data.batchSize)) {
    while (credits === 0) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
    credits--;
    port.postMessage({ batch }, [batch.reports.buffer, batch.citedSources.buffer, batch.codings.buffer]);
  }
  port.postMessage({ done: true });
  port.off("message", onCredit);
}

if (!parentPort) throw new Error("scripts/synth/worker.ts runs as a worker thread (see scripts/synth/in-worker.ts)");
await run(parentPort, workerData as SynthWorkerData);

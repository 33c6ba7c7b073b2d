import { Worker } from "node:worker_threads";
import { describe, expect, it, vi } from "vitest";
import { type SynthReference, synthCsvBatches } from "../../../domain/synth/batches";
import { synthReports } from "../../../domain/synth/generate";
import { type SynthWorkerData, synthInWorker } from "../../../scripts/synth/in-worker";

const codes = ["TR", "RU", "US", "AM"];
const names = new Map(codes.map((c) => [c, `Land ${c}`]));
const ref: SynthReference = { actorIds: new Map(codes.map((c, i) => [c, 100 + i])), topicIds: [1, 2, 3, 4, 5, 6] };
const options = { reports: 57, codings: 400, seed: 3 };
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const lines = (bytes: Uint8Array) => decode(bytes).split("\n").filter(Boolean);

function inProcess(batchSize: number) {
  return [...synthCsvBatches(synthReports(options, codes, names), ref, { report: 500, cited: 9000 }, batchSize)];
}

async function collect(source: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const item of source) out.push(item);
  return out;
}

describe("synthCsvBatches", () => {
  it("numbers reports and cited sources on without gaps, and every coding points at its own report's rows", () => {
    const all = inProcess(10);
    expect(all.map((b) => lines(b.reports).length)).toEqual([10, 10, 10, 10, 10, 7]);
    expect(all.reduce((n, b) => n + b.codingCount, 0)).toBe(400);
    const reportIds = all.flatMap((b) => lines(b.reports).map((l) => Number(l.split(",")[0])));
    expect(reportIds).toEqual(Array.from({ length: 57 }, (_, i) => 500 + i));
    expect(all.map((b) => b.lastReportId)).toEqual([509, 519, 529, 539, 549, 556]);
    const cited = all.flatMap((b) => lines(b.citedSources).map((l) => l.split(",").map((f) => f.replaceAll('"', ""))));
    expect(cited.map((c) => Number(c[0]))).toEqual(Array.from({ length: cited.length }, (_, i) => 9000 + i));
    expect(all.at(-1)?.lastCitedId).toBe(9000 + cited.length - 1);
    const reportOfCited = new Map(cited.map((c) => [c[0], c[1]]));
    for (const b of all) {
      for (const l of lines(b.codings)) {
        // actor, topic, report first; cited source, coder, confidence, status last (the evidence may hold commas).
        const f = l.split(",");
        expect(f.at(-3)).toBe('"synth/1"');
        expect(Number(f[0])).toBeGreaterThanOrEqual(100);
        expect(Number(f[2])).toBeGreaterThanOrEqual(500);
        const citedId = f.at(-4);
        if (citedId) expect(reportOfCited.get(citedId)).toBe(f[2]);
      }
    }
  });

  it("says when a batch cites nothing", () => {
    const [batch] = [
      ...synthCsvBatches(
        synthReports({ reports: 3, codings: 0, seed: 1 }, codes, names),
        ref,
        { report: 1, cited: 1 },
        5,
      ),
    ];
    expect(batch?.lastCitedId).toBeNull();
    expect(batch?.codingCount).toBe(0);
    expect(batch?.citedSources.length).toBe(0);
  });
});

describe("synthInWorker", () => {
  const data = (batchSize: number, extra: Partial<SynthWorkerData> = {}): SynthWorkerData => ({
    options,
    actorCodes: codes,
    actorNames: names,
    ref,
    first: { report: 500, cited: 9000 },
    batchSize,
    ahead: 1,
    ...extra,
  });

  it("yields the same batches, byte for byte, as building them in this thread", async () => {
    const expected = inProcess(8).map((b) => ({
      ...b,
      reports: decode(b.reports),
      citedSources: decode(b.citedSources),
      codings: decode(b.codings),
    }));
    const got = (await collect(synthInWorker(data(8)))) as ReturnType<typeof inProcess>;
    expect(
      got.map((b) => ({
        ...b,
        reports: decode(b.reports),
        citedSources: decode(b.citedSources),
        codings: decode(b.codings),
      })),
    ).toEqual(expected);
  });

  it("throws the worker's own error", async () => {
    const missing = { ...ref, actorIds: new Map([["TR", 1]]) };
    await expect(collect(synthInWorker(data(8, { ref: missing })))).rejects.toThrow(
      /synthetic actor (RU|US|AM) has no id/,
    );
  });

  it("stops the worker when the caller leaves early", async () => {
    const terminate = vi.spyOn(Worker.prototype, "terminate");
    let taken = 0;
    for await (const _ of synthInWorker(data(2, { options: { reports: 100_000, codings: 1_000_000, seed: 1 } }))) {
      if (++taken === 3) break;
    }
    expect(taken).toBe(3);
    expect(terminate).toHaveBeenCalledTimes(1);
    terminate.mockRestore();
  });

  it("refuses to run with no batch allowed ahead (the worker would wait forever)", async () => {
    await expect(collect(synthInWorker(data(8, { ahead: 0 })))).rejects.toThrow(/ahead must be a whole number/);
  });
});

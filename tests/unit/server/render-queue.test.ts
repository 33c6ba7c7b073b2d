import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "@/contracts/errors";
import { RenderQueue, renderQueue } from "@/server/export/queue";

/** A task that runs until the test settles it. */
function held() {
  let settle: { resolve: (v: string) => void; reject: (e: Error) => void } = { resolve: () => {}, reject: () => {} };
  let started = false;
  const done = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  return {
    task: () => {
      started = true;
      return done;
    },
    get started() {
      return started;
    },
    resolve: (v: string) => settle.resolve(v),
    reject: (e: Error) => settle.reject(e),
  };
}

/** Lets the promise callbacks queued so far run. */
const tick = () => new Promise((r) => setImmediate(r));

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe("RenderQueue", () => {
  it("runs N at once, holds M in line, and refuses the next with 503, Retry-After and the envelope", async () => {
    const queue = new RenderQueue(2, 3);
    const tasks = Array.from({ length: 6 }, held);
    const runs = tasks.slice(0, 5).map((t) => queue.run(t.task));
    const sixth = refusal(queue.run((tasks[5] as ReturnType<typeof held>).task));
    await tick();
    expect(tasks.map((t) => t.started)).toEqual([true, true, false, false, false, false]);
    expect(queue.load).toEqual({ running: 2, waiting: 3 });
    const refused = await sixth;
    expect(refused.status).toBe(503);
    const wait = Number(refused.headers?.["retry-after"]);
    expect(Number.isInteger(wait) && wait >= 1).toBe(true);
    expect(refused.toBody().error).toMatchObject({ code: "unavailable", retryAfterSeconds: wait });
    expect(refused.message).toMatch(/2 at once, 3 waiting\)\. Try again in \d+ s/);
    // The refused task never ran, and took no place in line.
    expect(tasks[5]?.started).toBe(false);
    expect(queue.load).toEqual({ running: 2, waiting: 3 });
    for (const [i, t] of tasks.slice(0, 5).entries()) t.resolve(`file ${i}`);
    expect(await Promise.all(runs)).toEqual(["file 0", "file 1", "file 2", "file 3", "file 4"]);
  });

  it("gives a turn back when its task succeeds or fails, to the first in line", async () => {
    const queue = new RenderQueue(1, 2);
    const [a, b, c] = [held(), held(), held()];
    const runA = queue.run(a.task);
    const runB = queue.run(b.task);
    const runC = queue.run(c.task);
    await tick();
    expect([a.started, b.started, c.started]).toEqual([true, false, false]);
    // A failure frees its turn too, and its error reaches its caller unchanged.
    a.reject(new Error("the renderer stopped"));
    await expect(runA).rejects.toThrow("the renderer stopped");
    await tick();
    expect([b.started, c.started]).toEqual([true, false]);
    expect(queue.load).toEqual({ running: 1, waiting: 1 });
    b.resolve("b");
    expect(await runB).toBe("b");
    await tick();
    expect(c.started).toBe(true);
    c.resolve("c");
    expect(await runC).toBe("c");
    expect(queue.load).toEqual({ running: 0, waiting: 0 });
    // Every turn is back: a full queue's worth runs again without a refusal.
    const again = [held(), held(), held()];
    const runs = again.map((t) => queue.run(t.task));
    await tick();
    expect(queue.load).toEqual({ running: 1, waiting: 2 });
    for (const t of again) t.resolve("ok");
    expect(await Promise.all(runs)).toEqual(["ok", "ok", "ok"]);
  });

  it("a task that throws at once frees its turn as well", async () => {
    const queue = new RenderQueue(1, 0);
    await expect(
      queue.run(async () => {
        throw new Error("no such chart");
      }),
    ).rejects.toThrow("no such chart");
    expect(queue.load).toEqual({ running: 0, waiting: 0 });
    expect(await queue.run(async () => "drawn")).toBe("drawn");
  });

  it("drops a waiting request whose client has gone, and lets the next one in", async () => {
    const queue = new RenderQueue(1, 1);
    const first = held();
    const runFirst = queue.run(first.task);
    const abort = new AbortController();
    const gone = held();
    const runGone = queue.run(gone.task, abort.signal);
    abort.abort();
    const error = await refusal(runGone);
    expect(error.code).toBe("unavailable");
    expect(queue.load).toEqual({ running: 1, waiting: 0 });
    // Its place in line is free again.
    const next = held();
    const runNext = queue.run(next.task);
    expect(queue.load).toEqual({ running: 1, waiting: 1 });
    first.resolve("first");
    await runFirst;
    await tick();
    expect(gone.started).toBe(false);
    expect(next.started).toBe(true);
    next.resolve("next");
    expect(await runNext).toBe("next");
  });

  it("asks a refused client to come back after the work ahead of it, by the time turns have taken", async () => {
    let now = 0;
    const queue = new RenderQueue(2, 2, () => now);
    // Two turns of 3 s each: the running mean moves from its 1 s start towards them.
    for (let i = 0; i < 2; i++) {
      await queue.run(async () => {
        now += 3000;
      });
    }
    const tasks = Array.from({ length: 4 }, held);
    const runs = tasks.map((t) => queue.run(t.task));
    const refused = await refusal(queue.run(async () => "late"));
    // mean = 1000 → 1400 → 1720 ms; four turns ahead shared by two slots: 3.44 s, so 4 s.
    expect(refused.headers?.["retry-after"]).toBe("4");
    for (const t of tasks) t.resolve("ok");
    await Promise.all(runs);
  });
});

describe("renderQueue", () => {
  const saved = { renders: process.env.EXPORT_RENDERS, queue: process.env.EXPORT_QUEUE };
  afterEach(() => {
    for (const [name, value] of [
      ["EXPORT_RENDERS", saved.renders],
      ["EXPORT_QUEUE", saved.queue],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it("is sized by EXPORT_RENDERS and EXPORT_QUEUE (2 and 8 unless set), one per process", () => {
    delete process.env.EXPORT_RENDERS;
    delete process.env.EXPORT_QUEUE;
    const byDefault = renderQueue();
    expect([byDefault.running, byDefault.waiting]).toEqual([2, 8]);
    expect(renderQueue()).toBe(byDefault);
    process.env.EXPORT_RENDERS = "1";
    process.env.EXPORT_QUEUE = "0";
    expect([renderQueue().running, renderQueue().waiting]).toEqual([1, 0]);
    process.env.EXPORT_RENDERS = "0";
    expect(() => renderQueue()).toThrow(/EXPORT_RENDERS must be a whole number from 1 to 16/);
  });
});

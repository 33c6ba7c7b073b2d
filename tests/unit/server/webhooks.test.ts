import { describe, expect, it } from "vitest";
import { shiftPayload } from "../../../contracts/webhooks";
import type { DeliveryStore } from "../../../db/queries/webhooks";
import { retryDelayMs, signature } from "../../../server/webhooks";
import { deliverOnce, RECORD_TRIES, startDeliveryWorker } from "../../../server/webhooks/worker";

describe("webhook delivery", () => {
  it("waits three times longer after each failed try", () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 10_000))).toEqual([10_000, 30_000, 90_000, 270_000, 810_000]);
  });

  it("signs the timestamp and the exact body, names the event and reads only the start of the answer", async () => {
    const seen: { url: string; init: { headers: Record<string, string>; body: string; maxBytes?: number } }[] = [];
    const fakePost = async (
      url: string,
      init: { headers: Record<string, string>; body: string; maxBytes?: number },
    ) => {
      seen.push({ url, init });
      return { status: 202, text: "x".repeat(init.maxBytes ?? 5000) };
    };
    const before = Math.floor(Date.now() / 1000);
    const attempt = await deliverOnce(
      {
        id: 7,
        url: "https://hooks.example/a/secret-path",
        secret: "s3",
        event: "shift.created",
        payload: { a: 1 },
        attemptCount: 0,
      },
      { timeoutMs: 1000, post: fakePost },
    );
    expect(attempt).toMatchObject({ status: 202, error: null });
    expect(attempt.response).toHaveLength(500);
    const headers = seen[0]?.init.headers as Record<string, string>;
    const timestamp = Number(headers["x-stancewatch-timestamp"]);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(headers["x-stancewatch-signature"]).toBe(signature("s3", '{"a":1}', timestamp));
    // The same body at another time is another signature: a captured delivery cannot be replayed later.
    expect(signature("s3", '{"a":1}', timestamp + 600)).not.toBe(headers["x-stancewatch-signature"]);
    expect(headers["x-stancewatch-event"]).toBe("shift.created");
    expect(headers["x-stancewatch-delivery"]).toBe("7");
  });

  it("a receiver that never answers is a timed-out try, not a hang", async () => {
    const silent = (_: string, init: { signal?: AbortSignal }) =>
      new Promise<never>((_resolve, reject) =>
        init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))),
      );
    const started = Date.now();
    const attempt = await deliverOnce(
      { id: 1, url: "http://127.0.0.1:9", secret: "s", event: "shift.created", payload: {}, attemptCount: 0 },
      { timeoutMs: 150, post: silent },
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(attempt).toMatchObject({ status: null, error: "no answer within 150 ms" });
  });

  it("the payload links both sentences to their reports", () => {
    const payload = shiftPayload(
      {
        id: "RU:1:2023-09-21:neutral-support",
        actor: "RU",
        actorName: "Russia",
        topicId: 1,
        topicSlug: "t",
        topicTitle: "The operation",
        from: "neutral",
        to: "support",
        fromDate: "2023-09-19",
        fromDatePrecision: "day",
        toDate: "2023-09-21",
        toDatePrecision: "day",
        magnitude: 1,
        evidence: {
          before: {
            codingId: 8,
            reportId: 1,
            reportTitle: "R",
            reportOutlet: "O",
            evidence: "a",
            statementDate: "2023-09-19",
            statementDatePrecision: "day",
            confidence: 0.62,
            status: "confirmed",
          },
          after: {
            codingId: 9,
            reportId: 2,
            reportTitle: "R2",
            reportOutlet: "O",
            evidence: "b",
            statementDate: "2023-09-21",
            statementDatePrecision: "day",
            confidence: 0.9,
            status: "auto",
          },
        },
      },
      "https://sw.example/",
    );
    expect(payload.summary).toBe(
      'Russia moved from neutral to support on "The operation" (19 Sep 2023 to 21 Sep 2023)',
    );
    expect(payload.shift.evidence.before.url).toBe("https://sw.example/reports/1#coding-8");
    expect(payload.shift.evidence.after.url).toBe("https://sw.example/reports/2#coding-9");
    // The receiver can weigh the alert: how sure the coder was of each side, and whether an analyst checked it.
    expect(payload.shift.evidence.before).toMatchObject({ confidence: 0.62, status: "confirmed" });
    expect(payload.shift.evidence.after).toMatchObject({ confidence: 0.9, status: "auto" });
  });
});

describe("recording a delivery", () => {
  it("a 2xx whose recording fails is recorded again, a bounded number of times, and never sent again", async () => {
    let claims = 0;
    let recordCalls = 0;
    const recorded: string[] = [];
    let posts = 0;
    const store: DeliveryStore = {
      claimDue: async () =>
        claims++ === 0
          ? [
              {
                id: 1,
                url: "https://hooks.example/x",
                secret: "s",
                event: "shift.created",
                payload: {},
                attemptCount: 0,
              },
            ]
          : [],
      record: async (_id, _attempt, outcome) => {
        recordCalls++;
        // The database refuses the first two tries (a restart, a lost connection).
        if (recordCalls <= 2) throw new Error("connection terminated");
        recorded.push(outcome.state);
      },
    };
    const worker = startDeliveryWorker(store, {
      pollMs: 5,
      timeoutMs: 1000,
      retryBaseMs: 10,
      post: async () => {
        posts++;
        return { status: 200, text: "ok" };
      },
    });
    const end = Date.now() + 5000;
    while (recorded.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    await worker.stop();
    expect(recorded).toEqual(["delivered"]);
    expect(recordCalls).toBe(3);
    expect(posts).toBe(1);
  });

  it("gives up after RECORD_TRIES and says so in the log, without sending again", async () => {
    let claims = 0;
    let recordCalls = 0;
    const logs: string[] = [];
    const store: DeliveryStore = {
      claimDue: async () =>
        claims++ === 0
          ? [
              {
                id: 2,
                url: "https://hooks.example/x",
                secret: "s",
                event: "shift.created",
                payload: {},
                attemptCount: 0,
              },
            ]
          : [],
      record: async () => {
        recordCalls++;
        throw new Error("Failed query: update ...\nparams: whsec_secret");
      },
    };
    const worker = startDeliveryWorker(store, {
      pollMs: 5,
      timeoutMs: 1000,
      retryBaseMs: 10,
      log: (m) => logs.push(m),
      post: async () => ({ status: 200, text: "ok" }),
    });
    const end = Date.now() + 10_000;
    while (!logs.some((l) => l.includes("could not be recorded")) && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await worker.stop();
    expect(recordCalls).toBe(RECORD_TRIES);
    expect(logs.join("\n")).toContain("delivery 2 could not be recorded");
    expect(logs.join("\n")).not.toContain("whsec_secret");
  });
});

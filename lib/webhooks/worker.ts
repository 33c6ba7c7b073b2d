import type { DeliveryAttempt } from "../../db/schema/webhooks";
import { MAX_ATTEMPTS, retryDelayMs, signature } from "./index";

/**
 * Sends the outbox's due deliveries and records every try. The store is injected (db/queries/webhooks.ts in
 * the server, a fake in tests), and so is fetch. Deliveries run concurrently, each with a timeout, so a slow
 * receiver delays nobody; a failed one waits longer each time, then is marked failed.
 */

export type DueDelivery = {
  id: number;
  url: string;
  secret: string;
  event: string;
  payload: unknown;
  attemptCount: number;
};

export type DeliveryStore = {
  /** Claims up to `limit` due deliveries for `leaseMs` (so a second worker skips them). */
  claimDue(limit: number, leaseMs: number): Promise<DueDelivery[]>;
  record(
    id: number,
    attempt: DeliveryAttempt,
    outcome: { state: "pending"; nextAttemptAt: Date } | { state: "delivered" | "failed" },
  ): Promise<void>;
};

export type WorkerOptions = {
  pollMs: number;
  timeoutMs: number;
  retryBaseMs: number;
  maxAttempts?: number;
  fetch?: typeof fetch;
  log?: (message: string) => void;
};

const RESPONSE_EXCERPT = 500;

export async function deliverOnce(d: DueDelivery, options: WorkerOptions): Promise<DeliveryAttempt> {
  const body = JSON.stringify(d.payload);
  const started = Date.now();
  const at = new Date(started).toISOString();
  try {
    const res = await (options.fetch ?? fetch)(d.url, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        "user-agent": "Stancewatch-Webhooks/1",
        "x-stancewatch-event": d.event,
        "x-stancewatch-delivery": String(d.id),
        "x-stancewatch-signature": signature(d.secret, body),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const text = await res.text().catch(() => "");
    return { at, status: res.status, response: text.slice(0, RESPONSE_EXCERPT), error: null, ms: Date.now() - started };
  } catch (error) {
    const name = (error as Error).name;
    const message =
      name === "TimeoutError"
        ? `no answer within ${options.timeoutMs} ms`
        : `${(error as Error).message}${(error as { cause?: Error }).cause ? `: ${(error as { cause: Error }).cause.message}` : ""}`;
    return { at, status: null, response: null, error: message, ms: Date.now() - started };
  }
}

export type Worker = { stop(): Promise<void>; kick(): void };

export function startDeliveryWorker(store: DeliveryStore, options: WorkerOptions): Worker {
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  const tick = async () => {
    const due = await store.claimDue(20, options.timeoutMs + 30_000);
    await Promise.all(
      due.map(async (d) => {
        const attempt = await deliverOnce(d, options);
        const ok = attempt.status !== null && attempt.status >= 200 && attempt.status < 300;
        const tries = d.attemptCount + 1;
        const outcome = ok
          ? ({ state: "delivered" } as const)
          : tries >= maxAttempts
            ? ({ state: "failed" } as const)
            : ({
                state: "pending",
                nextAttemptAt: new Date(Date.now() + retryDelayMs(tries, options.retryBaseMs)),
              } as const);
        await store.record(d.id, attempt, outcome);
        options.log?.(
          `[webhooks] delivery ${d.id} to ${d.url}: ${attempt.status ?? attempt.error} (${outcome.state}, try ${tries})`,
        );
      }),
    );
  };

  const run = () => {
    if (stopped || running) return;
    running = tick()
      .catch((error) => options.log?.(`[webhooks] the delivery worker hit an error: ${(error as Error).message}`))
      .finally(() => {
        running = null;
        schedule();
      });
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(run, options.pollMs);
    // The worker never keeps the process alive on its own.
    timer.unref();
  };
  schedule();

  return {
    kick: () => {
      if (timer) clearTimeout(timer);
      run();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

import type { DeliveryAttempt } from "../../contracts/responses";
import type { DeliveryStore, DueDelivery } from "../../db/queries/webhooks";
import { loggable } from "../log";
import { type OutboundAnswer, postGuarded, storableText } from "../net/outbound";
import { repeatEvery } from "../repeat";
import { MAX_ATTEMPTS, retryDelayMs, signature } from "./index";

/**
 * Sends the outbox's due deliveries and records every try. The store is injected (db/queries/webhooks.ts in
 * the server, a fake in tests), and so is fetch. Each delivery runs on its own, with a timeout, in a pool of
 * `concurrency`: the worker claims more as soon as a slot frees, so a silent receiver holds one slot, not the
 * rest. A failed try waits longer each time; after the last one the delivery is marked failed.
 */

export type WorkerOptions = {
  pollMs: number;
  timeoutMs: number;
  retryBaseMs: number;
  maxAttempts?: number;
  concurrency?: number;
  /** How a delivery is sent: postGuarded (the SSRF rules) unless a test gives another. */
  post?: (
    url: string,
    init: { headers: Record<string, string>; body: string; signal?: AbortSignal; maxBytes?: number },
  ) => Promise<OutboundAnswer>;
  log?: (message: string) => void;
};

const RESPONSE_EXCERPT = 500;

/** What the log may say of a receiver: its origin (the path of a chat webhook is its password). */
function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(bad url)";
  }
}

/** Every string of a try as PostgreSQL can store it (an error message can quote the receiver's bytes). */
function storable(attempt: DeliveryAttempt): DeliveryAttempt {
  return {
    ...attempt,
    response: attempt.response === null ? null : storableText(attempt.response),
    error: attempt.error === null ? null : storableText(attempt.error),
  };
}

export async function deliverOnce(
  d: DueDelivery,
  options: Pick<WorkerOptions, "timeoutMs" | "post">,
  stop?: AbortSignal,
): Promise<DeliveryAttempt> {
  const body = JSON.stringify(d.payload);
  const started = Date.now();
  const at = new Date(started).toISOString();
  const timestamp = Math.floor(started / 1000);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  try {
    const answer = await (options.post ?? postGuarded)(d.url, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "user-agent": "Stancewatch-Webhooks/1",
        "x-stancewatch-event": d.event,
        "x-stancewatch-delivery": String(d.id),
        "x-stancewatch-timestamp": String(timestamp),
        "x-stancewatch-signature": signature(d.secret, body, timestamp),
      },
      body,
      signal: stop ? AbortSignal.any([timeout, stop]) : timeout,
      maxBytes: RESPONSE_EXCERPT,
    });
    return storable({ at, status: answer.status, response: answer.text, error: null, ms: Date.now() - started });
  } catch (error) {
    const e = error as Error & { cause?: Error };
    const message = timeout.aborted
      ? `no answer within ${options.timeoutMs} ms`
      : `${e.message}${e.cause ? `: ${e.cause.message}` : ""}`;
    return storable({ at, status: null, response: null, error: message, ms: Date.now() - started });
  }
}

export type Worker = { stop(): Promise<void> };

/** How many times recording a try is attempted before it is given up (the lease then runs out: one re-send). */
export const RECORD_TRIES = 4;

/**
 * Records a try, again after a short wait when the database refuses it (a lost connection, a restart): a
 * delivery that got its 2xx must not stay pending and be sent again when its lease runs out.
 */
async function recordWithRetries(
  store: DeliveryStore,
  id: number,
  attempt: DeliveryAttempt,
  outcome: Parameters<DeliveryStore["record"]>[2],
): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      await store.record(id, attempt, outcome);
      return;
    } catch (error) {
      if (i >= RECORD_TRIES) throw error;
      await new Promise((r) => setTimeout(r, 200 * 2 ** i));
    }
  }
}

export function startDeliveryWorker(store: DeliveryStore, options: WorkerOptions): Worker {
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const concurrency = options.concurrency ?? 8;
  const inflight = new Set<Promise<void>>();

  const send = async (d: DueDelivery) => {
    const attempt = await deliverOnce(d, options, loop.stopping);
    // Cut short by a shutdown before any answer: not a try at all. Its lease runs out and the next start sends it
    // again. An answer that came is recorded, a 2xx above all: it must never be sent twice.
    if (loop.stopping.aborted && attempt.status === null) return;
    const ok = attempt.status !== null && attempt.status >= 200 && attempt.status < 300;
    const tries = d.attemptCount + 1;
    const outcome = ok
      ? ({ state: "delivered" } as const)
      : tries >= maxAttempts
        ? ({ state: "failed" } as const)
        : ({ state: "pending", retryInMs: retryDelayMs(tries, options.retryBaseMs) } as const);
    await recordWithRetries(store, d.id, attempt, outcome);
    options.log?.(
      `[webhooks] delivery ${d.id} to ${origin(d.url)}: ${attempt.status ?? attempt.error} (${outcome.state}, try ${tries})`,
    );
  };

  const poll = async () => {
    const free = concurrency - inflight.size;
    if (free <= 0) return;
    for (const d of await store.claimDue(free, options.timeoutMs + 30_000)) {
      const job: Promise<void> = send(d)
        .catch((error) => options.log?.(`[webhooks] delivery ${d.id} could not be recorded: ${loggable(error)}`))
        .finally(() => inflight.delete(job));
      inflight.add(job);
    }
  };

  // The worker never keeps the process alive on its own.
  const loop = repeatEvery(options.pollMs, poll, (error) =>
    options.log?.(`[webhooks] the delivery worker hit an error: ${loggable(error)}`),
  );

  return {
    stop: async () => {
      await loop.stop();
      await Promise.allSettled([...inflight]);
    },
  };
}

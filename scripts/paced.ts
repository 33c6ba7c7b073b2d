// A fixed request rate spread evenly over each second, for `npm run load` and `npm run bench`.
//
// autocannon's own rate limit lets each connection send its quota back to back at the start of every second,
// and with a rate set it adds synthetic samples for coordinated omission (one per millisecond of a response's
// latency, since its expected interval rounds 1/rate up to 1 ms), so its latency histogram is neither the
// requests as offered nor as answered. Here a rate of R is R connections ("lanes") at one request a second each,
// their starts 1/R s apart, and every latency is taken from a response as measured, to the fraction of a
// millisecond.
import type { EventEmitter } from "node:events";
import autocannon from "autocannon";

export type Target = {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** A fresh body for every request (ingests must not repeat a report). */
  body?: () => string;
};
export type Lane = { target: Target; offsetMs: number };
/** A response: its status, its latency, and the handler's own time from its `Server-Timing` header, if any. */
export type Sample = { status: number; ms: number; handlerMs?: number };
export type LaneOutcome = { errors: number; timeouts: number };

/** R lanes 1/R s apart; `shift` (a fraction of 1/R) moves them all, so several kinds interleave. */
export function evenLanes(target: Target, rate: number, shift = 0): Lane[] {
  return Array.from({ length: rate }, (_, j) => ({ target, offsetMs: ((j + shift) / rate) * 1000 }));
}

/** Runs every lane for `seconds`, calling `onSample` with each response; resolves with each lane's failures. */
export async function runLanes(
  lanes: Lane[],
  seconds: number,
  timeoutSeconds: number,
  onSample: (lane: Lane, sample: Sample) => void,
): Promise<LaneOutcome[]> {
  return Promise.all(lanes.map((lane) => runLane(lane, seconds, timeoutSeconds, onSample)));
}

async function runLane(
  lane: Lane,
  seconds: number,
  timeoutSeconds: number,
  onSample: (lane: Lane, sample: Sample) => void,
): Promise<LaneOutcome> {
  await new Promise((r) => setTimeout(r, lane.offsetMs));
  const { target } = lane;
  const body = target.body;
  // One connection per lane: the last answer's headers belong to the response that follows them.
  let handlerMs: number | undefined;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        method: target.method ?? "GET",
        connections: 1,
        overallRate: 1,
        duration: seconds,
        timeout: timeoutSeconds,
        ignoreCoordinatedOmission: true,
        headers: target.headers,
        setupClient: (client) => {
          // At run time the "headers" event carries the parser's record ({ statusCode, headers: [name, value...] }),
          // not the object its type definitions say.
          (client as unknown as EventEmitter).on("headers", (info: { headers?: unknown[] }) => {
            handlerMs = serverTiming(info.headers);
          });
          if (!body) return;
          client.setBody(body());
          client.on("response", () => client.setBody(body()));
        },
      },
      (error, result) => (error ? reject(error) : resolve({ errors: result.errors, timeouts: result.timeouts })),
    );
    instance.on("response", (_client, status, _bytes, ms) => onSample(lane, { status, ms, handlerMs }));
  });
}

/** `handler;dur=<ms>` from a raw header list (name, value, name, value...), as server/http/route.ts sets it. */
export function serverTiming(headers: unknown[] | undefined): number | undefined {
  for (let i = 0; headers && i + 1 < headers.length; i += 2) {
    if (String(headers[i]).toLowerCase() !== "server-timing") continue;
    const dur = /(?:^|,)\s*handler;dur=([\d.]+)/.exec(String(headers[i + 1]))?.[1];
    return dur === undefined ? undefined : Number(dur);
  }
  return undefined;
}

/** The q-quantile of ascending numbers (nearest rank), NaN for none. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

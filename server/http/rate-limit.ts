import { ApiError } from "../../contracts/errors";
import { readConfig } from "../config";
import { requireAdmin } from "./auth";
import { CLIENT_HEADER } from "./client-address";

/**
 * Token buckets per client: each holds a minute's worth of requests and refills continuously, so a client may
 * burst up to its per-minute rate and then goes at rate/60 per second. In memory, per process: a restart
 * forgets them, which errs on the side of letting requests through.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    /** Past this many clients the least recently seen are forgotten (they come back with a full bucket). */
    private readonly maxClients = 20_000,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes one request from `key`'s bucket: 0 when it may go ahead, else the whole seconds until it may. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key);
    let tokens = this.perMinute;
    if (bucket) {
      tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs);
      // Re-inserted below, so the map's order is least recently seen first.
      this.buckets.delete(key);
    }
    const allowed = tokens >= 1;
    if (allowed) tokens -= 1;
    this.buckets.set(key, { tokens, at: now });
    if (this.buckets.size > this.maxClients) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000));
  }

  get size(): number {
    return this.buckets.size;
  }
}

const holder = globalThis as typeof globalThis & {
  __stancewatchWriteBuckets?: { rate: number; buckets: TokenBuckets };
  __stancewatchReadBuckets?: { rate: number; buckets: TokenBuckets };
};

/** The client a request counts against: the address the server stamped on it, else one shared bucket. */
export function clientKey(request: Request): string {
  return request.headers.get(CLIENT_HEADER) || "unknown";
}

/** Throws 429 with Retry-After when this client has used up its writes (WRITE_RATE_PER_MIN; 0 is no limit). */
export function limitWrites(request: Request): void {
  const rate = readConfig().writeRatePerMin;
  if (rate === 0) return;
  if (holder.__stancewatchWriteBuckets?.rate !== rate) {
    holder.__stancewatchWriteBuckets = { rate, buckets: new TokenBuckets(rate) };
  }
  // Writes that carry the write credential count apart from those that do not: a flood of anonymous POSTs
  // from an address (or a NAT, or a proxy not declared in TRUST_PROXY) cannot spend the analyst's allowance.
  const wait = holder.__stancewatchWriteBuckets.buckets.take(
    `${mayWrite(request) ? "w" : "anon"}:${clientKey(request)}`,
  );
  if (wait > 0) {
    throw new ApiError(
      "rate_limited",
      `Too many writes from your address: at most ${rate} a minute. Try again in ${wait} s.`,
      { details: { retryAfterSeconds: wait }, headers: { "retry-after": String(wait) } },
    );
  }
}

/** Paths whose reads are never limited: load balancers and monitors probe health as often as they like. */
export const UNLIMITED_READS: ReadonlySet<string> = new Set(["/api/health"]);

/**
 * Throws 429 with Retry-After when this client has used up its API reads (READ_RATE_PER_MIN; 0 is no limit). The
 * rate is generous, far above what the dashboard asks for: it stops a single client from flooding the server with
 * reads, exports included, not a person looking at charts.
 */
export function limitReads(request: Request): void {
  const rate = readConfig().readRatePerMin;
  if (rate === 0 || UNLIMITED_READS.has(new URL(request.url).pathname)) return;
  if (holder.__stancewatchReadBuckets?.rate !== rate) {
    holder.__stancewatchReadBuckets = { rate, buckets: new TokenBuckets(rate) };
  }
  const wait = holder.__stancewatchReadBuckets.buckets.take(clientKey(request));
  if (wait > 0) {
    throw new ApiError(
      "rate_limited",
      `Too many requests from your address: at most ${rate} reads a minute. Try again in ${wait} s.`,
      { details: { retryAfterSeconds: wait }, headers: { "retry-after": String(wait) } },
    );
  }
}

function mayWrite(request: Request): boolean {
  try {
    requireAdmin(request);
    return true;
  } catch {
    return false;
  }
}

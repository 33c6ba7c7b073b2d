import type { IncomingMessage } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../../../contracts/errors";
import { CLIENT_HEADER, clientAddress, stampClient } from "../../../server/http/client-address";
import { limitWrites, TokenBuckets } from "../../../server/http/rate-limit";

describe("TokenBuckets", () => {
  it("lets a client burst up to its per-minute rate, then refills at rate/60 per second", () => {
    let now = 1_000_000;
    const buckets = new TokenBuckets(6, () => now);
    for (let i = 0; i < 6; i++) expect(buckets.take("a")).toBe(0);
    // One token every 10 s at 6 a minute: the wait is whole seconds, rounded up.
    expect(buckets.take("a")).toBe(10);
    now += 4_000;
    expect(buckets.take("a")).toBe(6);
    now += 6_000;
    expect(buckets.take("a")).toBe(0);
    expect(buckets.take("a")).toBe(10);
  });

  it("keeps clients apart, never refills past a full bucket, and forgets the least recently seen", () => {
    let now = 0;
    const buckets = new TokenBuckets(2, () => now, 3);
    expect([buckets.take("a"), buckets.take("a"), buckets.take("a")]).toEqual([0, 0, 30]);
    expect(buckets.take("b")).toBe(0);
    now += 3_600_000;
    // An hour later "a" has two tokens again, not 120.
    expect([buckets.take("a"), buckets.take("a"), buckets.take("a")]).toEqual([0, 0, 30]);
    buckets.take("c");
    buckets.take("d");
    expect(buckets.size).toBe(3);
  });
});

describe("clientAddress", () => {
  it("is the socket's address unless proxies are trusted, whatever X-Forwarded-For claims", () => {
    expect(clientAddress("6.6.6.6", "10.0.0.9", 0)).toBe("10.0.0.9");
    expect(clientAddress(undefined, "10.0.0.9", 2)).toBe("10.0.0.9");
    expect(clientAddress(undefined, undefined, 0)).toBe("unknown");
  });

  it("with N trusted proxies takes the entry N hops back, never one the client wrote further left", () => {
    // client -> proxy (appends the client's address) -> server (socket = the proxy)
    expect(clientAddress("203.0.113.7", "10.0.0.1", 1)).toBe("203.0.113.7");
    expect(clientAddress("6.6.6.6, 203.0.113.7", "10.0.0.1", 1)).toBe("203.0.113.7");
    expect(clientAddress(["6.6.6.6", "203.0.113.7, 10.0.0.2"], "10.0.0.1", 2)).toBe("203.0.113.7");
    // More hops than entries: the leftmost there is.
    expect(clientAddress("203.0.113.7", "10.0.0.1", 5)).toBe("203.0.113.7");
  });
});

describe("stampClient", () => {
  it("replaces a client-sent address stamp and drops Next's internal headers, keeping the rest", () => {
    const req = {
      headers: {
        [CLIENT_HEADER]: "1.2.3.4",
        "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware",
        "x-middleware-prefetch": "1",
        "x-nextjs-data": "1",
        "x-forwarded-for": "6.6.6.6",
        rsc: "1",
        authorization: "Bearer t",
      },
      socket: { remoteAddress: "10.0.0.9" },
    } as unknown as IncomingMessage;
    stampClient(req, 0);
    expect(req.headers).toEqual({
      [CLIENT_HEADER]: "10.0.0.9",
      "x-forwarded-for": "6.6.6.6",
      rsc: "1",
      authorization: "Bearer t",
    });
  });
});

describe("limitWrites", () => {
  const saved = process.env.WRITE_RATE_PER_MIN;
  afterEach(() => {
    if (saved === undefined) delete process.env.WRITE_RATE_PER_MIN;
    else process.env.WRITE_RATE_PER_MIN = saved;
  });

  const from = (address: string) =>
    new Request("http://l/api/topics", { method: "POST", headers: { "x-stancewatch-client": address } });

  it("throws 429 with Retry-After past WRITE_RATE_PER_MIN, per stamped client; 0 turns it off", () => {
    process.env.WRITE_RATE_PER_MIN = "2";
    limitWrites(from("198.51.100.1"));
    limitWrites(from("198.51.100.1"));
    let refused: unknown;
    try {
      limitWrites(from("198.51.100.1"));
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(ApiError);
    const error = refused as ApiError;
    expect(error.status).toBe(429);
    expect(error.headers?.["retry-after"]).toBe("30");
    expect(error.toBody().error).toMatchObject({ code: "rate_limited", retryAfterSeconds: 30 });
    // Another client has its own bucket.
    expect(() => limitWrites(from("198.51.100.2"))).not.toThrow();
    process.env.WRITE_RATE_PER_MIN = "0";
    for (let i = 0; i < 10; i++) limitWrites(from("198.51.100.1"));
  });
});

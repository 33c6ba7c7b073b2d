import { describe, expect, test } from "vitest";
import {
  assertMayTrySignIn,
  clientNetwork,
  FREE_FAILURES,
  GLOBAL_FAILURES_PER_MIN,
  MAX_WAIT_MS,
  SignInLimiter,
} from "@/server/http/sign-in-limit";

function clock() {
  const c = { now: 1_000_000, advance: (ms: number) => (c.now += ms) };
  return c;
}

describe("failed sign-ins", () => {
  test("a client may fail a few times freely, then waits twice as long each time, up to a ceiling", () => {
    const c = clock();
    const limiter = new SignInLimiter(() => c.now);
    for (let i = 0; i < FREE_FAILURES; i++) {
      expect(limiter.waitMs("198.51.100.7")).toBe(0);
      limiter.failed("198.51.100.7");
    }
    expect(limiter.waitMs("198.51.100.7")).toBe(1000);
    c.advance(1000);
    expect(limiter.waitMs("198.51.100.7")).toBe(0);
    limiter.failed("198.51.100.7");
    expect(limiter.waitMs("198.51.100.7")).toBe(2000);
    for (let i = 0; i < 30; i++) limiter.failed("198.51.100.7");
    expect(limiter.waitMs("198.51.100.7")).toBe(MAX_WAIT_MS);
    // Another client is not held back; the right token clears the count.
    expect(limiter.waitMs("203.0.113.9")).toBe(0);
    limiter.succeeded("198.51.100.7");
    expect(limiter.waitMs("198.51.100.7")).toBe(0);
  });

  test("past the overall limit in a minute, every network that failed lately waits for the minute to pass", () => {
    const c = clock();
    const limiter = new SignInLimiter(() => c.now);
    limiter.failed("203.0.113.50");
    for (let i = 0; i < GLOBAL_FAILURES_PER_MIN; i++) limiter.failed(`192.0.2.${i % 250}`);
    expect(limiter.waitMs("203.0.113.50")).toBe(60_000);
    // A network with no wrong token lately is never held back by others' failures: no one can lock the analyst out.
    expect(limiter.waitMs("198.51.100.200")).toBe(0);
    c.advance(30_000);
    expect(limiter.waitMs("203.0.113.50")).toBe(30_000);
    c.advance(30_001);
    expect(limiter.waitMs("203.0.113.50")).toBe(0);
  });

  test("429 with Retry-After while a client waits", () => {
    const limiter = new SignInLimiter();
    for (let i = 0; i < FREE_FAILURES + 2; i++) limiter.failed("198.51.100.8");
    let error: unknown;
    try {
      assertMayTrySignIn(limiter, "198.51.100.8");
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ status: 429, headers: { "retry-after": "4" } });
  });

  test("IPv6 clients count per /64; IPv4, mapped or not, per address", () => {
    expect(clientNetwork("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(clientNetwork("2001:db8:1:2:ffff:1:2:3")).toBe("2001:db8:1:2::/64");
    expect(clientNetwork("2001:db8:1:3::1")).not.toBe(clientNetwork("2001:db8:1:2::1"));
    expect(clientNetwork("::ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(clientNetwork("198.51.100.7")).toBe("198.51.100.7");
    expect(clientNetwork("unknown")).toBe("unknown");
  });
});

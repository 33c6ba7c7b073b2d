import { expect, test } from "@playwright/test";
import { READ_TOKEN } from "../env";
import { asClient } from "../helpers/client-address";
import { expectError } from "../helpers/expect-error";
import { RATE_LIMIT_PORT, urlOf } from "../helpers/ports";
import { withOwnServer } from "../helpers/server";
import { ADMIN_AUTH } from "../helpers/session";

// Its own server with a write rate of 3 a minute, behind one trusted proxy hop, so that each test counts
// against made-up client addresses of its own; READ_TOKEN is set, so reads carry a token too.
test.describe.configure({ mode: "serial" });
test.use({ baseURL: urlOf(RATE_LIMIT_PORT) });
withOwnServer({
  port: RATE_LIMIT_PORT,
  name: "rate-limit",
  env: { READ_TOKEN, WRITE_RATE_PER_MIN: "3", TRUST_PROXY: "1" },
});

test.describe("[RATE_LIMIT]", () => {
  test("writes past the rate are 429 with Retry-After and the envelope; reads are not limited", async ({ request }) => {
    const headers = { ...asClient(), "content-type": "application/json" };
    // Unauthenticated writes count too: the limit also slows down guessing the token.
    for (let i = 0; i < 3; i++) {
      const res = await request.post("/api/topics", { headers, data: {} });
      expect(res.status()).toBe(401);
    }
    const anonymous = await request.post("/api/topics", { headers, data: {} });
    const error = await expectError(anonymous, 429, { code: "rate_limited", message: /at most 3 a minute/ });
    const retryAfter = Number(anonymous.headers()["retry-after"]);
    // 3 a minute: a token every 20 s.
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(20);
    expect(error.retryAfterSeconds).toBe(retryAfter);
    // Writes with the token have a bucket of their own: the anonymous flood did not spend it...
    const admin = { ...headers, ...ADMIN_AUTH };
    for (let i = 0; i < 3; i++)
      expect((await request.post("/api/topics", { headers: admin, data: {} })).status()).toBe(400);
    // ...but it runs out the same way, and the write past it changes nothing.
    const limited = await request.post("/api/topics", {
      headers: admin,
      data: { slug: "rate-limited", title: "Rate limited", actingParty: "Nobody" },
    });
    expect(limited.status()).toBe(429);
    expect((await limited.json()).error.code).toBe("rate_limited");
    const topics = await request.get("/api/topics", { headers: { authorization: `Bearer ${READ_TOKEN}` } });
    expect((await topics.json()).items.map((t: { slug: string }) => t.slug)).not.toContain("rate-limited");
    for (let i = 0; i < 20; i++) {
      const read = await request.get("/api/actors", { headers: { ...headers, authorization: `Bearer ${READ_TOKEN}` } });
      expect(read.status()).toBe(200);
    }
    // Another client is not affected.
    expect((await request.post("/api/topics", { headers: asClient(), data: {} })).status()).toBe(401);
  });

  test("the client is the address the trusted proxy saw, not whatever the client wrote before it", async ({
    request,
  }) => {
    const seen = asClient()["x-forwarded-for"];
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await request.post("/api/topics", {
        headers: { "x-forwarded-for": `10.9.9.${i}, ${seen}`, "content-type": "application/json" },
        data: {},
      });
      statuses.push(res.status());
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

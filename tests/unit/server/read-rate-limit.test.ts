import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "@/contracts/errors";
import { limitReads } from "@/server/http/rate-limit";
import { json, route } from "@/server/http/route";

const saved = { read: process.env.READ_RATE_PER_MIN, write: process.env.WRITE_RATE_PER_MIN };
afterEach(() => {
  for (const [name, value] of [
    ["READ_RATE_PER_MIN", saved.read],
    ["WRITE_RATE_PER_MIN", saved.write],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const read = (path: string, address: string, method = "GET") =>
  new Request(`http://l${path}`, { method, headers: { "x-stancewatch-client": address } });

describe("the read rate limit (READ_RATE_PER_MIN)", () => {
  const actors = route(async () => json({ items: [] }));
  const health = route(async () => json({ status: "ok" }), { public: true });

  it("answers 429 with Retry-After in the envelope past the rate, per client; the handler does not run", async () => {
    process.env.READ_RATE_PER_MIN = "3";
    let ran = 0;
    const counted = route(async () => {
      ran++;
      return json({ items: [] });
    });
    for (let i = 0; i < 3; i++) expect((await counted(read("/api/stances", "198.51.100.7"), {})).status).toBe(200);
    const refused = await counted(read("/api/stances", "198.51.100.7"), {});
    expect(refused.status).toBe(429);
    // 3 a minute: one every 20 s.
    expect(refused.headers.get("retry-after")).toBe("20");
    expect(refused.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await refused.json()).toEqual({
      error: {
        code: "rate_limited",
        message: "Too many requests from your address: at most 3 reads a minute. Try again in 20 s.",
        retryAfterSeconds: 20,
      },
    });
    expect(ran).toBe(3);
    // Another client has a bucket of its own.
    expect((await actors(read("/api/actors", "198.51.100.8"), {})).status).toBe(200);
  });

  it("never limits /api/health, even for a client whose reads are spent", async () => {
    process.env.READ_RATE_PER_MIN = "2";
    const client = "203.0.113.40";
    await actors(read("/api/actors", client), {});
    await actors(read("/api/actors", client), {});
    expect((await actors(read("/api/actors", client), {})).status).toBe(429);
    for (let i = 0; i < 50; i++) expect((await health(read("/api/health", client), {})).status).toBe(200);
    // A public route other than health is a read like any other.
    expect((await health(read("/api/session", client), {})).status).toBe(429);
  });

  it("counts reads and writes apart, and 0 turns the read limit off", async () => {
    process.env.READ_RATE_PER_MIN = "1";
    process.env.WRITE_RATE_PER_MIN = "1";
    const client = "203.0.113.41";
    const write = route(async () => json({ ok: true }));
    expect((await actors(read("/api/actors", client), {})).status).toBe(200);
    // The read did not spend the write, nor the write the read: each has a bucket of its own.
    expect((await write(read("/api/topics", client, "POST"), {})).status).toBe(200);
    expect((await actors(read("/api/actors", client), {})).status).toBe(429);
    expect((await write(read("/api/topics", client, "POST"), {})).status).toBe(429);
    process.env.READ_RATE_PER_MIN = "0";
    for (let i = 0; i < 20; i++) expect((await actors(read("/api/actors", client), {})).status).toBe(200);
  });

  it("throws the ApiError itself for callers outside route()", () => {
    process.env.READ_RATE_PER_MIN = "1";
    limitReads(read("/api/outlets", "192.0.2.9"));
    let error: unknown;
    try {
      limitReads(read("/api/outlets", "192.0.2.9"));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
    expect((error as ApiError).headers).toEqual({ "retry-after": "60" });
  });
});

import { createHash } from "node:crypto";
import { describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { ApiError } from "@/contracts/errors";
import { json, parseBody, parseQuery, route } from "@/server/http/route";

const Query = z.strictObject({ n: z.string().regex(/^\d+$/, "n must be a number") });

describe("route wrapper and the error envelope", () => {
  test("every answer, an error too, says how long its handler took in Server-Timing", async () => {
    const slow = route(async () => {
      await new Promise((r) => setTimeout(r, 30));
      return json({ ok: true });
    });
    const res = await slow(new Request("http://x/api/stances"), {});
    const dur = Number(/^handler;dur=([\d.]+)$/.exec(res.headers.get("server-timing") ?? "")?.[1]);
    expect(dur).toBeGreaterThanOrEqual(25);
    const failing = route(async () => {
      throw new ApiError("not_found", "No report with id 7");
    });
    const err = await failing(new Request("http://x/api/reports/7"), {});
    expect(err.headers.get("server-timing")).toMatch(/^handler;dur=\d+\.\d$/);
  });

  test("an ApiError becomes its status and envelope", async () => {
    const handler = route(async () => {
      throw new ApiError("not_found", "No report with id 7");
    });
    const res = await handler(new Request("http://x/api/reports/7"), {});
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "No report with id 7" } });
  });

  test("an unexpected error is a 500 that never carries the exception text", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const handler = route(async () => {
      throw new Error('relation "codings" does not exist at /srv/secret/path');
    });
    const res = await handler(new Request("http://x/api/stances"), {});
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text).error.code).toBe("internal");
    expect(text).not.toContain("codings");
    expect(text).not.toContain("/srv/secret");
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });

  test("a lost database connection is a 503", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const handler = route(async () => {
      throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    });
    const res = await handler(new Request("http://x/api/stances"), {});
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe("unavailable");
    log.mockRestore();
  });

  test("parseQuery reports every issue with its parameter, and names the accepted parameters", () => {
    const attempt = () => parseQuery(new Request("http://x/?n=abc&m=1"), Query);
    expect(attempt).toThrow(ApiError);
    try {
      attempt();
    } catch (error) {
      const body = (error as ApiError).toBody();
      expect(body.error.code).toBe("bad_request");
      expect(body.error.message).toContain("Accepted parameters: n");
      expect(body.error.issues?.map((i) => i.path).sort()).toEqual(["m", "n"]);
    }
  });
});

describe("revalidation of JSON reads", () => {
  const handler = route(async (request: Request) =>
    request.method === "GET" ? json({ items: [1, 2, 3] }) : json({ id: 1 }, { status: 201 }),
  );

  test("a GET answer carries an ETag and no-cache; the same ETag back gets a bodiless 304", async () => {
    const first = await handler(new Request("http://x/api/a"), undefined);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    expect(await first.json()).toEqual({ items: [1, 2, 3] });
    const again = await handler(
      new Request("http://x/api/a", { headers: { "if-none-match": `W/"x", ${etag}` } }),
      undefined,
    );
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const other = await handler(new Request("http://x/api/a", { headers: { "if-none-match": '"stale"' } }), undefined);
    expect(other.status).toBe(200);
  });

  test("the ETag is the digest of the body sent, whether json() made the answer or the handler did", async () => {
    const body = JSON.stringify({ items: [1, 2, 3] });
    const digest = `"${createHash("sha1").update(body).digest("base64url")}"`;
    const own = route(
      async () => new Response(body, { headers: { "content-type": "application/json; charset=utf-8" } }),
    );
    const fromOwn = await own(new Request("http://x/api/a"), undefined);
    const fromJson = await handler(new Request("http://x/api/a"), undefined);
    expect(fromOwn.headers.get("etag")).toBe(digest);
    expect(fromJson.headers.get("etag")).toBe(digest);
    expect(await fromOwn.text()).toBe(body);
    expect(await fromJson.text()).toBe(body);
  });

  test("writes and errors carry no ETag", async () => {
    const created = await handler(new Request("http://x/api/a", { method: "POST" }), undefined);
    expect(created.status).toBe(201);
    expect(created.headers.get("etag")).toBeNull();
    const failing = route(async () => {
      throw new ApiError("bad_request", "no");
    });
    expect((await failing(new Request("http://x/api/a"), undefined)).headers.get("etag")).toBeNull();
  });
});

describe("hostile request bodies are a 400, never a 500", () => {
  const Body = z.strictObject({ title: z.string(), tags: z.array(z.string()).optional() });
  const post = (raw: string) =>
    new Request("http://x/api/reports", { method: "POST", headers: { "content-type": "application/json" }, body: raw });
  const refused = async (raw: string) => {
    const error = await parseBody(post(raw), Body).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    return (error as ApiError).message;
  };

  test("twenty thousand nested brackets, in an array or under a key, before any parser recurses", async () => {
    expect(await refused("[".repeat(20_000) + "]".repeat(20_000))).toMatch(/nest deeper than 32 levels/);
    expect(await refused(`{"title":${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}}`)).toMatch(/nest deeper/);
    // Brackets inside strings are text, not nesting.
    await expect(parseBody(post(JSON.stringify({ title: "[".repeat(20_000) })), Body)).resolves.toMatchObject({
      title: "[".repeat(20_000),
    });
  });

  test("a huge count of keys or items", async () => {
    const keys = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, 1]));
    expect(await refused(JSON.stringify({ title: "x", ...keys }))).toMatch(/more than 50000 keys and items/);
    expect(await refused(JSON.stringify({ title: "x", tags: Array(60_000).fill("a") }))).toMatch(/more than 50000/);
  });

  test("__proto__, constructor and prototype keys, at any depth", async () => {
    expect(await refused('{"title":"x","__proto__":{"admin":true}}')).toMatch(/"__proto__" is not a field name/);
    expect(await refused('{"title":"x","tags":[{"constructor":{"prototype":1}}]}')).toMatch(/"constructor"/);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  test("half of a surrogate pair, which PostgreSQL refuses, in a value or a key", async () => {
    expect(await refused('{"title":"a\\ud800b"}')).toMatch(/title holds half of a UTF-16 surrogate pair/);
    expect(await refused('{"title":"x","tags":["\\udc00"]}')).toMatch(/tags\.0 holds half/);
    expect(await refused('{"title":"x","\\ud83d":1}')).toMatch(/is not valid Unicode/);
    await expect(parseBody(post('{"title":"\\ud83d\\ude00"}'), Body)).resolves.toEqual({ title: "😀" });
  });

  test("a NUL character in a value or a key", async () => {
    expect(await refused(JSON.stringify({ title: "a\u0000b" }))).toMatch(/title contains a NUL character/);
    expect(await refused(JSON.stringify({ title: "x", "k\u0000": 1 }))).toMatch(/a key of the body contains a NUL/);
  });
});

describe("what the logs say of a failed query", () => {
  test("never its parameters (a webhook secret can be one) nor the database's detail line", async () => {
    const pgError = Object.assign(new Error('duplicate key value violates unique constraint "webhooks_pkey"'), {
      code: "23505",
      detail: "Key (secret)=(whsec_live_secret) already exists.",
    });
    const drizzle = new Error(
      'Failed query: insert into "webhooks" values ($1, $2)\nparams: https://x,whsec_live_secret',
      {
        cause: pgError,
      },
    );
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const failing = route(async () => {
      throw drizzle;
    });
    const res = await failing(new Request("http://x/api/webhooks", { method: "POST" }), {});
    expect(res.status).toBe(500);
    const logged = spy.mock.calls.map((c) => c.join(" ")).join("\n");
    spy.mockRestore();
    expect(logged).toContain('Failed query: insert into "webhooks"');
    expect(logged).toContain("23505");
    expect(logged).not.toContain("whsec_live_secret");
  });
});

describe("HSTS", () => {
  test("every API answer carries it when PUBLIC_URL is https, and none otherwise", async () => {
    const ok = route(async () => json({ ok: true }));
    expect((await ok(new Request("http://x/api/actors"), {})).headers.get("strict-transport-security")).toBeNull();
    process.env.PUBLIC_URL = "https://sw.example";
    try {
      const res = await ok(new Request("http://x/api/actors"), {});
      expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    } finally {
      delete process.env.PUBLIC_URL;
    }
  });
});

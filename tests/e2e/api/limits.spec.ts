import http from "node:http";
import { type APIResponse, expect, test } from "@playwright/test";
import { ADMIN_TOKEN, E2E_PORT } from "../env";

// Body caps and security headers, on the shared server: every request here is refused or only reads.
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

/**
 * Streams a chunked body (no Content-Length) of up to `total` bytes and reports the status and how much was
 * written before the server answered: a server that buffered the whole body first would answer only at the end.
 */
function streamBody(path: string, total: number): Promise<{ status: number; written: number; body: string }> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = http.request(
      {
        host: "127.0.0.1",
        port: E2E_PORT,
        path,
        method: "POST",
        headers: { ...auth, "content-type": "application/json", "transfer-encoding": "chunked" },
      },
      (res) => {
        answered = true;
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, written, body }));
      },
    );
    req.on("error", (error) => {
      // The server may reset the connection after answering; the answer is what counts.
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (!answered && written < total) {
        written += chunk.length;
        if (!req.write(chunk)) {
          req.once("drain", pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    req.write('{"text":"');
    pump();
  });
}

async function expectEnvelope(res: APIResponse, status: number, code: string) {
  expect(res.status()).toBe(status);
  expect(res.headers()["content-type"]).toBe("application/json; charset=utf-8");
  expect((await res.json()).error.code).toBe(code);
}

test.describe("[LIMITS] request bodies", () => {
  test("a chunked body past the cap is cut off while it streams: 413 long before all of it is sent", async () => {
    const total = 64 * 1024 * 1024;
    const res = await streamBody("/api/reports", total);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe("payload_too_large");
    // The ingest cap is 3 MB; socket buffers let some more through before the answer arrives.
    expect(res.written).toBeLessThan(total / 2);
  });

  test("a declared Content-Length past each route's cap is 413 before anything is read", async ({ request }) => {
    const caps: [string, string, number][] = [
      ["POST", "/api/reports", 3_000_000],
      ["POST", "/api/reports/preview", 3_000_000],
      ["POST", "/api/stances", 64_000],
      ["PATCH", "/api/stances/1", 64_000],
      ["POST", "/api/topics", 200_000],
      ["POST", "/api/webhooks", 16_000],
      ["POST", "/api/session", 8_000],
    ];
    for (const [method, path, cap] of caps) {
      const res = await request.fetch(path, {
        method,
        headers: { ...auth, "content-type": "application/json" },
        data: `"${"x".repeat(cap)}"`,
      });
      await expectEnvelope(res, 413, "payload_too_large");
    }
  });
});

test.describe("[LIMITS] page sizes", () => {
  test("a limit past the maximum is capped at 1000 rows (JSON pages), never refused or honoured", async ({
    request,
  }) => {
    for (const path of ["/api/stances?limit=1000000", "/api/reports?limit=1000000"]) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(200);
      expect((await res.json()).items.length).toBeLessThanOrEqual(1000);
    }
    for (const path of ["/api/stances?limit=0", "/api/reports?limit=-5", "/api/stances?limit=1e9"]) {
      await expectEnvelope(await request.get(path), 400, "bad_request");
    }
    await expectEnvelope(await request.get("/api/stances/summary?maxGroups=5001"), 400, "bad_request");
  });
});

const CHARSET = /charset=utf-8/i;

test.describe("[HEADERS] on every response", () => {
  test("pages, API answers, errors, 404s, exports, the feed and static files carry the security headers", async ({
    request,
  }) => {
    const page = await request.get("/");
    const html = await page.text();
    const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    const style = /href="(\/_next\/static\/[^"]+\.css)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    const responses: [string, APIResponse][] = [
      ["page", page],
      ["404 page", await request.get("/no-such-page")],
      ["sign-in", await request.get("/sign-in")],
      ["API JSON", await request.get("/api/actors")],
      ["API 404", await request.get("/api/no-such-route")],
      ["API 400", await request.get("/api/stances?limit=0")],
      ["API 401", await request.post("/api/topics", { data: {} })],
      ["API 405", await request.put("/api/actors")],
      ["CSV", await request.get("/api/stances?format=csv&limit=3")],
      ["SVG export", await request.get("/api/export/matrix.svg")],
      ["CSV export", await request.get("/api/export/matrix.csv")],
      ["JSON export", await request.get("/api/export/matrix.json")],
      ["Atom feed", await request.get("/api/shifts/feed")],
      ["health", await request.get("/api/health")],
      ["script", await request.get(script ?? "/")],
      ["icon", await request.get("/icon.svg")],
    ];
    if (style) responses.push(["stylesheet", await request.get(style)]);
    for (const [what, res] of responses) {
      const h = res.headers();
      expect(h["x-content-type-options"], what).toBe("nosniff");
      expect(h["content-security-policy"], what).toContain("frame-ancestors 'none'");
      expect(h["content-security-policy"], what).not.toContain("unsafe-eval");
      expect(h["x-frame-options"], what).toBe("DENY");
      expect(h["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
      const type = h["content-type"] ?? "";
      if (!type.startsWith("image/png")) expect(type, `${what}: ${type}`).toMatch(CHARSET);
    }
  });

  test("pages get a fresh script nonce each time, and Next's own scripts carry it", async ({ request }) => {
    const nonceOf = (csp: string | undefined) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];
    const a = await request.get("/");
    const b = await request.get("/");
    const first = nonceOf(a.headers()["content-security-policy"]);
    expect(first).toBeTruthy();
    expect(nonceOf(b.headers()["content-security-policy"])).not.toBe(first);
    expect(a.headers()["content-security-policy"]).toContain("'strict-dynamic'");
    const html = await a.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${first}"`);
  });

  test("API answers allow nothing to run: default-src 'none' and a sandbox", async ({ request }) => {
    const csp = (await request.get("/api/export/matrix.svg")).headers()["content-security-policy"];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("sandbox");
    expect(csp).not.toMatch(/script-src/);
  });
});

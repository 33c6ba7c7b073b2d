import { type APIResponse, expect, test } from "@playwright/test";

// On the shared server: every request here only reads or is refused.
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

import { type APIRequestContext, expect, test } from "@playwright/test";
import { ADMIN_TOKEN, E2E_URL } from "../env";
import { expectError } from "../helpers/expect-error";
import { signIn } from "../helpers/session";

// Every write route, with a body that would be stored if the request got through. Run on the shared server:
// every request below is refused, and each test checks that what it could have changed did not change.
const ORIGIN = E2E_URL;
const JSON_TYPE = { "content-type": "application/json" };

const REPORT = {
  title: "Access check report",
  outlet: "Stancewatch access wire",
  publishedOn: "2023-09-21",
  topic: "karabakh-2023",
  text: "Turkey condemned the offensive in Karabakh.",
};

type Write = { method: "POST" | "PATCH" | "DELETE" | "GET"; path: string; data?: unknown };

const WRITES: Write[] = [
  { method: "POST", path: "/api/reports", data: REPORT },
  { method: "POST", path: "/api/reports/preview", data: REPORT },
  {
    method: "POST",
    path: "/api/stances",
    data: { reportId: 1, actor: "TR", stance: "support", evidenceStart: 0, evidenceEnd: 10 },
  },
  { method: "PATCH", path: "/api/stances/1", data: { action: "reject" } },
  { method: "POST", path: "/api/topics", data: { slug: "access-check", title: "Access check", actingParty: "Nobody" } },
  { method: "POST", path: "/api/webhooks", data: { url: "https://example.org/access-check" } },
  { method: "DELETE", path: "/api/webhooks/1" },
  // Admin reads: the webhooks' URLs may carry the receivers' secrets.
  { method: "GET", path: "/api/webhooks" },
  { method: "GET", path: "/api/webhooks/1/deliveries" },
];

/** Headers that have let requests skip a framework's middleware or pass for internal ones. */
const BYPASS_HEADERS: Record<string, string>[] = [
  { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
  { "x-middleware-subrequest": "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware" },
  { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
  { "x-middleware-prefetch": "1" },
  { "x-nextjs-data": "1" },
  { "x-invoke-path": "/api/topics", "x-invoke-status": "200" },
  { "x-forwarded-user": "analyst", "x-remote-user": "analyst", "x-authenticated": "true" },
  { "x-stancewatch-client": "127.0.0.1", "x-real-ip": "127.0.0.1", "x-forwarded-for": "127.0.0.1" },
];

function send(request: APIRequestContext, w: Write, headers: Record<string, string>, suffix = "") {
  return request.fetch(w.path + suffix, {
    method: w.method,
    headers: { ...(w.data === undefined ? {} : JSON_TYPE), ...headers },
    data: w.data === undefined ? undefined : JSON.stringify(w.data),
  });
}

/** What any of the writes above would change. */
async function snapshot(request: APIRequestContext) {
  const reports = await (await request.get("/api/reports?limit=1000")).json();
  const topics = await (await request.get("/api/topics")).json();
  const report = await (await request.get("/api/reports/1")).json();
  return {
    reports: reports.items.map((r: { id: number }) => r.id),
    topics: topics.items.map((t: { slug: string }) => t.slug),
    codings: report.codings.map((c: { id: number; status: string; updatedAt: string }) => [
      c.id,
      c.status,
      c.updatedAt,
    ]),
  };
}

test.describe("[ACCESS]", () => {
  test("no token: 401 on every write route, whatever middleware-bypass headers come with it", async ({ request }) => {
    const before = await snapshot(request);
    for (const w of WRITES) {
      for (const headers of [{}, ...BYPASS_HEADERS]) {
        const res = await send(request, w, headers);
        await expectError(res, 401, { code: "unauthorized" }, `${w.method} ${w.path} ${JSON.stringify(headers)}`);
      }
    }
    expect(await snapshot(request)).toEqual(before);
  });

  test("a token in the query string is never accepted, under any name", async ({ request }) => {
    const before = await snapshot(request);
    for (const w of WRITES) {
      for (const name of ["token", "access_token", "auth", "authorization", "admin_token"]) {
        const res = await send(request, w, {}, `?${name}=${encodeURIComponent(ADMIN_TOKEN)}`);
        // 401 (no credential) or 400 for the unknown parameter: never a success.
        expect(res.status(), `${w.method} ${w.path}?${name}=`).toBe(401);
      }
    }
    expect(await snapshot(request)).toEqual(before);
  });

  test("a wrong or malformed Authorization header is 401; the admin token in a cookie is not a session", async ({
    request,
  }) => {
    const before = await snapshot(request);
    for (const w of WRITES) {
      const wrong: Record<string, string>[] = [
        { authorization: "Bearer wrong-token" },
        { authorization: `Basic ${Buffer.from(`analyst:${ADMIN_TOKEN}`).toString("base64")}` },
        { authorization: `Bearer ${ADMIN_TOKEN} extra` },
        { authorization: `Bearer ${ADMIN_TOKEN.slice(0, -1)}` },
        { cookie: `stancewatch_session=${ADMIN_TOKEN}` },
      ];
      for (const headers of wrong) {
        const res = await send(request, w, headers);
        expect(res.status(), `${w.method} ${w.path} ${JSON.stringify(headers)}`).toBe(401);
      }
    }
    expect(await snapshot(request)).toEqual(before);
  });

  test("a signed-in cookie sent from another site is 403 on every write route; with no Origin it is this site's", async ({
    request,
  }) => {
    const { cookie } = await signIn(request, ADMIN_TOKEN, { origin: ORIGIN });
    expect(cookie).toMatch(/^stancewatch_session=a\.[\w-]{22}\.\d{13}\./);
    const before = await snapshot(request);
    for (const w of WRITES.filter((x) => x.method !== "GET")) {
      for (const origin of ["https://evil.example", "http://127.0.0.1:1", "null"]) {
        const res = await send(request, w, { cookie, origin });
        expect(res.status(), `${w.method} ${w.path} from ${origin}`).toBe(403);
        expect((await res.json()).error.code).toBe("forbidden");
      }
    }
    expect(await snapshot(request)).toEqual(before);
  });
});

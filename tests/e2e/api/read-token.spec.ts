import { type APIRequestContext, type APIResponse, expect, test } from "@playwright/test";
import { ADMIN_TOKEN, READ_TOKEN } from "../env";
import { asClient } from "../helpers/client-address";
import { expectError } from "../helpers/expect-error";
import { READ_TOKEN_PORT, urlOf } from "../helpers/ports";
import { withOwnServer } from "../helpers/server";
import { signIn } from "../helpers/session";

// Its own server, started with READ_TOKEN (and a write rate of 3 a minute, behind one trusted proxy hop, so that
// each test below counts against its own made-up client address). The write rate itself: write-rate-limit.spec.ts.
const ORIGIN = urlOf(READ_TOKEN_PORT);

test.describe.configure({ mode: "serial" });
test.use({ baseURL: ORIGIN });
withOwnServer({
  port: READ_TOKEN_PORT,
  name: "read-token",
  env: { READ_TOKEN, WRITE_RATE_PER_MIN: "3", TRUST_PROXY: "1" },
});

/** Every read of the API but the health check and the session state. */
const READS = [
  "/api/actors",
  "/api/topics",
  "/api/outlets",
  "/api/reports",
  "/api/reports/1",
  "/api/stances",
  "/api/stances?format=csv",
  "/api/stances/1/revisions",
  "/api/stances/summary",
  "/api/alignment",
  "/api/shifts",
  "/api/shifts/feed",
  "/api/coder/agreement",
  "/api/export/matrix.csv",
  "/api/export/timeline.svg",
  "/api/export/alignment.json",
  "/api/no-such-route",
];
const PAGES = ["/", "/shifts", "/quality", "/reports/1", "/reports/new", "/settings/webhooks", "/no-such-page"];

const expectUnauthorized = (res: APIResponse, what: string) =>
  expectError(res, 401, { code: "unauthorized", message: /token|sign in/i }, what);

/** Signs in from this site, as a client of its own; `state` is what the sign-in answered. */
async function signInAs(request: APIRequestContext, token: string) {
  const { res, cookie } = await signIn(request, token, { origin: ORIGIN, ...asClient() });
  return { state: await res.json(), cookie };
}

test.describe("[READ_TOKEN]", () => {
  test("every API read is 401 with the envelope without a token, wrong token, ?token= or bypass headers", async ({
    request,
  }) => {
    for (const path of READS) {
      await expectUnauthorized(await request.get(path), path);
      await expectUnauthorized(await request.get(path, { headers: { authorization: "Bearer wrong-token" } }), path);
      const sep = path.includes("?") ? "&" : "?";
      await expectUnauthorized(await request.get(`${path}${sep}token=${READ_TOKEN}`), `${path} ?token=`);
      await expectUnauthorized(
        await request.get(path, {
          headers: { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
        }),
        `${path} x-middleware-subrequest`,
      );
    }
  });

  test("the read token or the admin token as Bearer reads everything", async ({ request }) => {
    for (const token of [READ_TOKEN, ADMIN_TOKEN]) {
      for (const path of READS.filter((p) => p !== "/api/no-such-route")) {
        const res = await request.get(path, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status(), `${path} with ${token}`).toBe(200);
      }
    }
    const reports = await request.get("/api/reports", { headers: { authorization: `Bearer ${READ_TOKEN}` } });
    expect((await reports.json()).items.length).toBeGreaterThan(0);
  });

  test("the health check and the session state stay public", async ({ request }) => {
    const health = await request.get("/api/health");
    expect(health.status()).toBe(200);
    expect((await health.json()).status).toBe("ok");
    const session = await request.get("/api/session");
    expect(await session.json()).toEqual({ signedIn: false, writesEnabled: true, reads: "refused" });
  });

  test("pages redirect to /sign-in (keeping where the reader was going), and /sign-in itself opens", async ({
    request,
  }) => {
    for (const path of PAGES) {
      const variants: Record<string, string>[] = [{}, { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" }];
      for (const headers of variants) {
        const res = await request.get(`${path}?actor=TR`, { maxRedirects: 0, headers });
        expect(res.status(), path).toBe(307);
        expect(res.headers().location, path).toBe(`/sign-in?next=${encodeURIComponent(`${path}?actor=TR`)}`);
        expect(await res.text()).not.toContain("Karabakh");
      }
    }
    const signInPage = await request.get("/sign-in?next=%2Fshifts");
    expect(signInPage.status()).toBe(200);
    expect(await signInPage.text()).toContain("Reading this server needs a token");
  });

  test("signing in with the read token gives a read-only session: pages and reads open, writes 403", async ({
    request,
  }) => {
    const { state, cookie } = await signInAs(request, READ_TOKEN);
    expect(state).toEqual({ signedIn: false, writesEnabled: true, reads: "allowed" });
    expect(cookie).toMatch(/^stancewatch_session=r\.[\w-]{22}\.\d{13}\.[\w-]{43}$/);
    expect(cookie).not.toContain(READ_TOKEN);
    for (const path of PAGES.filter((p) => p !== "/no-such-page")) {
      const res = await request.get(path, { headers: { cookie }, maxRedirects: 0 });
      expect(res.status(), path).toBe(200);
    }
    const report = await request.get("/api/reports/1", { headers: { cookie } });
    expect(report.status()).toBe(200);
    const before = (await report.json()).codings[0];
    const write = await request.patch(`/api/stances/${before.id}`, {
      data: { action: "reject" },
      headers: { cookie, origin: ORIGIN, ...asClient() },
    });
    expect(write.status()).toBe(403);
    expect((await write.json()).error.message).toMatch(/read only/);
    const bearer = await request.patch(`/api/stances/${before.id}`, {
      data: { action: "reject" },
      headers: { authorization: `Bearer ${READ_TOKEN}`, ...asClient() },
    });
    expect(bearer.status()).toBe(403);
    expect((await bearer.json()).error.message).toMatch(/read token only reads/);
    const after = (await (await request.get("/api/reports/1", { headers: { cookie } })).json()).codings[0];
    expect({ status: after.status, updatedAt: after.updatedAt }).toEqual({
      status: before.status,
      updatedAt: before.updatedAt,
    });
    // The admin token signs in to write as before, and its session reads too.
    const admin = await signInAs(request, ADMIN_TOKEN);
    expect(admin.state).toEqual({ signedIn: true, writesEnabled: true, reads: "allowed" });
    expect((await request.get("/api/stances", { headers: { cookie: admin.cookie } })).status()).toBe(200);
  });

  test("a wrong token cannot sign in; a forged reader cookie reads nothing", async ({ request }) => {
    const wrong = await request.post("/api/session", { data: { token: "not-the-token" }, headers: asClient() });
    expect(wrong.status()).toBe(401);
    expect(wrong.headers()["set-cookie"]).toBeUndefined();
    const forged = `stancewatch_session=r.${"B".repeat(22)}.${Date.now()}.${"A".repeat(43)}`;
    await expectUnauthorized(await request.get("/api/stances", { headers: { cookie: forged } }), "forged cookie");
  });
});

test.describe("[HARDENING] sessions and sign-in", () => {
  test("a signed-out reader's cookie reads nothing; the feed and the CSV are private, no-store", async ({
    request,
  }) => {
    const { cookie } = await signInAs(request, READ_TOKEN);
    expect((await request.get("/api/stances", { headers: { cookie } })).status()).toBe(200);
    for (const path of ["/api/shifts/feed", "/api/stances?format=csv", "/api/export/matrix.csv"]) {
      const res = await request.get(path, { headers: { cookie } });
      expect(res.status(), path).toBe(200);
      expect(res.headers()["cache-control"], path).toBe("private, no-store");
    }
    const out = await request.delete("/api/session", { headers: { cookie, origin: ORIGIN, ...asClient() } });
    expect(out.status()).toBe(200);
    await expectUnauthorized(await request.get("/api/stances", { headers: { cookie } }), "signed-out cookie");
    expect((await request.get("/", { headers: { cookie }, maxRedirects: 0 })).status()).toBe(307);
  });

  test("sign out everywhere: every session issued before it ends, the admin's own too; a new sign-in works", async ({
    request,
  }) => {
    const reader = await signInAs(request, READ_TOKEN);
    const admin = await signInAs(request, ADMIN_TOKEN);
    // A reader may not sign everyone out.
    const refused = await request.delete("/api/session?everywhere=true", {
      headers: { cookie: reader.cookie, origin: ORIGIN, ...asClient() },
    });
    expect(refused.status()).toBe(403);
    const everywhere = await request.delete("/api/session?everywhere=true", {
      headers: { cookie: admin.cookie, origin: ORIGIN, ...asClient() },
    });
    expect(everywhere.status()).toBe(200);
    await expectUnauthorized(await request.get("/api/stances", { headers: { cookie: reader.cookie } }), "reader");
    await expectUnauthorized(await request.get("/api/stances", { headers: { cookie: admin.cookie } }), "admin");
    const again = await signInAs(request, READ_TOKEN);
    expect((await request.get("/api/stances", { headers: { cookie: again.cookie } })).status()).toBe(200);
    const bad = await request.delete("/api/session?everywhere=maybe", { headers: asClient() });
    expect(bad.status()).toBe(400);
  });

  test("wrong tokens slow a client down, counted per IPv6 /64: 429 with Retry-After; another network is not held", async ({
    request,
  }) => {
    // Six addresses of one /64, each under the write rate: the sign-in limit counts them as one client.
    const from = (i: number) => ({ "x-forwarded-for": `2001:db8:77:1::${i + 1}`, origin: ORIGIN });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await request.post("/api/session", { data: { token: `wrong-token-${i}` }, headers: from(i) });
      statuses.push(res.status());
      if (res.status() === 429) {
        expect(Number(res.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
        expect((await res.json()).error.code).toBe("rate_limited");
      }
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const elsewhere = await request.post("/api/session", {
      data: { token: READ_TOKEN },
      headers: { "x-forwarded-for": "2001:db8:77:2::1", origin: ORIGIN },
    });
    expect(elsewhere.status()).toBe(200);
  });
});

import { type APIRequestContext, expect, test } from "@playwright/test";
import { ADMIN_TOKEN, E2E_URL } from "../env";
import { signIn } from "../helpers/session";

// Signing in writes nothing to the database, and the cookie-borne requests below are refused or invalid, so
// this suite runs on the shared server without changing what the read suites count.
const ORIGIN = E2E_URL;
const json = { "content-type": "application/json" };

const signInHere = (request: APIRequestContext) => signIn(request, ADMIN_TOKEN, { origin: ORIGIN });

test.describe("[SESSION]", () => {
  test("GET says signed out without a cookie, and that the server takes writes", async ({ request }) => {
    const res = await request.get("/api/session");
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ signedIn: false, writesEnabled: true, reads: "public" });
  });

  test("a right token sets an httpOnly, SameSite=Strict cookie that holds no token, and GET then says signed in", async ({
    request,
  }) => {
    const { setCookie, cookie } = await signInHere(request);
    expect(setCookie).toMatch(/^stancewatch_session=a\.[\w-]{22}\.\d{13}\.[\w-]{43};/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Strict");
    expect(setCookie).toContain("Path=/");
    expect(setCookie).not.toContain(ADMIN_TOKEN);
    const state = await request.get("/api/session", { headers: { cookie } });
    expect(await state.json()).toEqual({ signedIn: true, writesEnabled: true, reads: "public" });
  });

  test("the cookie authorises a write from this site; from another site it is 403", async ({ request }) => {
    const { cookie } = await signInHere(request);
    const coding = async () => {
      const res = await request.get("/api/reports/1");
      const { codings } = await res.json();
      return codings.find((c: { id: number }) => c.id === 1);
    };
    const before = await coding();
    expect(before).toBeTruthy();
    // An empty review body: past the token check it is a 400, so nothing changes either way.
    const same = await request.patch("/api/stances/1", {
      data: {},
      headers: { ...json, cookie, origin: ORIGIN },
    });
    expect(same.status()).toBe(400);
    const cross = await request.patch("/api/stances/1", {
      data: { action: "reject" },
      headers: { ...json, cookie, origin: "https://evil.example" },
    });
    expect(cross.status()).toBe(403);
    expect((await cross.json()).error.code).toBe("forbidden");
    // The refused write changed nothing: same status, same last change.
    const after = await coding();
    expect({ status: after.status, updatedAt: after.updatedAt }).toEqual({
      status: before.status,
      updatedAt: before.updatedAt,
    });
  });

  test("a wrong token is 401, an empty one 400, a cross-site sign-in 403, and none sets a cookie", async ({
    request,
  }) => {
    const wrong = await request.post("/api/session", { data: { token: "nope" } });
    expect(wrong.status()).toBe(401);
    expect((await wrong.json()).error.message).toMatch(/wrong/);
    expect(wrong.headers()["set-cookie"]).toBeUndefined();
    const empty = await request.post("/api/session", { data: { token: "" } });
    expect(empty.status()).toBe(400);
    expect((await empty.json()).error.message).toMatch(/token/);
    const unknown = await request.post("/api/session", { data: { token: ADMIN_TOKEN, remember: true } });
    expect(unknown.status()).toBe(400);
    const cross = await request.post("/api/session", {
      data: { token: ADMIN_TOKEN },
      headers: { origin: "https://evil.example" },
    });
    expect(cross.status()).toBe(403);
    expect(cross.headers()["set-cookie"]).toBeUndefined();
  });

  test("DELETE signs out with an expired cookie; a made-up cookie is not a session", async ({ request }) => {
    const out = await request.delete("/api/session");
    expect(out.status()).toBe(200);
    expect(out.headers()["set-cookie"]).toMatch(/^stancewatch_session=;.*Max-Age=0/);
    const forged = await request.get("/api/session", { headers: { cookie: "stancewatch_session=forged" } });
    expect((await forged.json()).signedIn).toBe(false);
    const write = await request.patch("/api/stances/1", {
      data: { action: "reject" },
      headers: { ...json, cookie: "stancewatch_session=forged" },
    });
    expect(write.status()).toBe(401);
    const put = await request.put("/api/session");
    expect(put.status()).toBe(405);
  });

  test("[HARDENING] signing out revokes the session on the server: a copy of the old cookie no longer writes", async ({
    request,
  }) => {
    const { cookie: value } = await signInHere(request);
    const { cookie: other } = await signInHere(request);
    // An empty preview is a 400 only for a writer: the cookie passed the checks.
    const preview = (cookie: string) =>
      request.post("/api/reports/preview", { data: {}, headers: { ...json, cookie, origin: ORIGIN } });
    expect((await preview(value)).status()).toBe(400);
    const out = await request.delete("/api/session", { headers: { cookie: value, origin: ORIGIN } });
    expect(out.status()).toBe(200);
    const replayed = await preview(value);
    expect(replayed.status()).toBe(401);
    expect((await replayed.json()).error.code).toBe("unauthorized");
    expect((await (await request.get("/api/session", { headers: { cookie: value } })).json()).signedIn).toBe(false);
    // Another session of the same token goes on.
    expect((await preview(other)).status()).toBe(400);
  });
});

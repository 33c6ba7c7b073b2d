import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSignIn, requireAdmin, SESSION_COOKIE, sessionCookie, sessionOf, sessionValue } from "../../../lib/auth";
import { ApiError } from "../../../lib/http";
import { safeNext } from "../../../lib/paths";

const TOKEN = "unit-test-token";
let saved: string | undefined;
beforeAll(() => {
  saved = process.env.ADMIN_TOKEN;
  process.env.ADMIN_TOKEN = TOKEN;
});
afterAll(() => {
  if (saved === undefined) delete process.env.ADMIN_TOKEN;
  else process.env.ADMIN_TOKEN = saved;
});

function req(url: string, headers: Record<string, string> = {}) {
  return new Request(url, { method: "POST", headers });
}

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof ApiError ? e.code : "other";
  }
}

const cookie = `${SESSION_COOKIE}=${sessionValue(TOKEN)}`;

describe("session cookie", () => {
  it("is httpOnly and SameSite=Strict, Secure only on https, and expires at once when signing out", () => {
    const plain = sessionCookie(req("http://localhost:3000/api/session"), "v");
    expect(plain).toBe(`${SESSION_COOKIE}=v; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000`);
    expect(sessionCookie(req("https://sw.example/api/session"), "v")).toMatch(/; Secure$/);
    expect(sessionCookie(req("http://10.0.0.2/api/session", { "x-forwarded-proto": "https" }), "v")).toMatch(
      /; Secure$/,
    );
    expect(sessionCookie(req("http://localhost/api/session"), null)).toContain(`${SESSION_COOKIE}=; Path=/`);
    expect(sessionCookie(req("http://localhost/api/session"), null)).toContain("Max-Age=0");
  });

  it("holds an HMAC of the token, not the token, and only that value is a session", () => {
    expect(sessionValue(TOKEN)).not.toContain(TOKEN);
    expect(sessionOf(sessionValue(TOKEN))).toEqual({ signedIn: true, writesEnabled: true });
    expect(sessionOf(sessionValue("another token"))).toEqual({ signedIn: false, writesEnabled: true });
    expect(sessionOf(undefined).signedIn).toBe(false);
    // The cookie carries its issue time: one older than the session's 30 days is refused, as is a doctored time.
    const now = Math.floor(Date.now() / 1000);
    expect(sessionOf(sessionValue(TOKEN, now - 29 * 86_400)).signedIn).toBe(true);
    expect(sessionOf(sessionValue(TOKEN, now - 31 * 86_400)).signedIn).toBe(false);
    const [, mac] = sessionValue(TOKEN, now - 31 * 86_400).split(".");
    expect(sessionOf(`${now}.${mac}`).signedIn).toBe(false);
  });
});

describe("sign-in and cookie writes", () => {
  it("sign-in takes only the right token, and only from this site", () => {
    expect(codeOf(() => checkSignIn(req("http://localhost:3000/api/session"), TOKEN))).toBeNull();
    expect(codeOf(() => checkSignIn(req("http://localhost:3000/api/session"), "wrong"))).toBe("unauthorized");
    const cross = req("http://localhost:3000/api/session", { origin: "https://evil.example", host: "localhost:3000" });
    expect(codeOf(() => checkSignIn(cross, TOKEN))).toBe("forbidden");
  });

  it("compares the Origin with the host the browser asked, not the address the server rewrote the URL to", () => {
    // `next start` gives handlers a request.url on its own hostname; the browser asked 127.0.0.1.
    const same = req("http://localhost:3000/api/stances", {
      cookie,
      origin: "http://127.0.0.1:3000",
      host: "127.0.0.1:3000",
    });
    expect(requireAdmin(same)).toBe("analyst");
    const proxied = req("http://10.0.0.2:3000/api/stances", {
      cookie,
      origin: "https://sw.example",
      host: "10.0.0.2:3000",
      "x-forwarded-host": "sw.example",
    });
    expect(requireAdmin(proxied)).toBe("analyst");
    const cross = req("http://localhost:3000/api/stances", {
      cookie,
      origin: "http://localhost:4000",
      host: "localhost:3000",
    });
    expect(codeOf(() => requireAdmin(cross))).toBe("forbidden");
    // The Bearer token is not a browser credential: no Origin check.
    const bearer = req("http://localhost:3000/api/stances", {
      authorization: `Bearer ${TOKEN}`,
      origin: "https://x.example",
    });
    expect(requireAdmin(bearer)).toBe("analyst");
  });

  it("a forged cookie or none is 401", () => {
    expect(codeOf(() => requireAdmin(req("http://l/api", { cookie: `${SESSION_COOKIE}=forged` })))).toBe(
      "unauthorized",
    );
    expect(codeOf(() => requireAdmin(req("http://l/api")))).toBe("unauthorized");
  });
});

describe("safeNext", () => {
  it("keeps paths of this site and refuses anything that could leave it", () => {
    expect(safeNext("/reports/new")).toBe("/reports/new");
    expect(safeNext("/reports/3#coding-4")).toBe("/reports/3#coding-4");
    for (const bad of ["//evil.example", "/\\evil.example", "https://evil.example", "reports", "", "/a\nb", null]) {
      expect(safeNext(bad)).toBeNull();
    }
  });
});

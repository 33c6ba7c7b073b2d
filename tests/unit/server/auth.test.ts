import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../../../contracts/errors";
import { safeNext } from "../../../contracts/paths";
import { readConfig } from "../../../server/config";
import {
  checkSignIn,
  parseSession,
  readerSessionValue,
  requireAdmin,
  requireReader,
  SESSION_COOKIE,
  sessionCookie,
  sessionCookieName,
  sessionOf,
  sessionValue,
} from "../../../server/http/auth";
import { noteAllRevoked, noteRevoked } from "../../../server/http/session-revocations";

const TOKEN = "unit-test-token-0123456789";
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
    expect(sessionOf(sessionValue(TOKEN))).toEqual({ signedIn: true, writesEnabled: true, reads: "public" });
    expect(sessionOf(sessionValue("another token"))).toEqual({ signedIn: false, writesEnabled: true, reads: "public" });
    expect(sessionOf(undefined).signedIn).toBe(false);
    // The cookie carries its issue time: one older than the session's 30 days is refused, as is a doctored time.
    const now = Date.now();
    const day = 86_400_000;
    expect(sessionOf(sessionValue(TOKEN, now - 29 * day)).signedIn).toBe(true);
    expect(sessionOf(sessionValue(TOKEN, now - 31 * day)).signedIn).toBe(false);
    const [role, id, , mac] = sessionValue(TOKEN, now - 31 * day).split(".");
    expect(sessionOf(`${role}.${id}.${now}.${mac}`).signedIn).toBe(false);
    // Each sign-in is its own session, with its own id.
    expect(sessionValue(TOKEN).split(".")[1]).not.toBe(sessionValue(TOKEN).split(".")[1]);
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

describe("READ_TOKEN", () => {
  const READ = "unit-read-token-0123456789";
  const get = (headers: Record<string, string> = {}) => new Request("http://l/api/stances?token=x", { headers });
  const reader = `${SESSION_COOKIE}=${readerSessionValue(READ)}`;

  it("unset: every read is public, and nothing about reads changes", () => {
    delete process.env.READ_TOKEN;
    expect(codeOf(() => requireReader(get()))).toBeNull();
    expect(sessionOf(undefined).reads).toBe("public");
  });

  it("set: a read needs the read token, the admin token or a session; the URL's ?token= never counts", () => {
    process.env.READ_TOKEN = READ;
    try {
      expect(codeOf(() => requireReader(get()))).toBe("unauthorized");
      expect(codeOf(() => requireReader(new Request(`http://l/api/stances?token=${READ}`)))).toBe("unauthorized");
      expect(codeOf(() => requireReader(get({ authorization: "Bearer wrong-token" })))).toBe("unauthorized");
      expect(codeOf(() => requireReader(get({ authorization: `Basic ${READ}` })))).toBe("unauthorized");
      expect(codeOf(() => requireReader(get({ "x-middleware-subrequest": "middleware:middleware:middleware" })))).toBe(
        "unauthorized",
      );
      expect(codeOf(() => requireReader(get({ authorization: `Bearer ${READ}` })))).toBeNull();
      expect(codeOf(() => requireReader(get({ authorization: `Bearer ${TOKEN}` })))).toBeNull();
      expect(codeOf(() => requireReader(get({ cookie: reader })))).toBeNull();
      expect(codeOf(() => requireReader(get({ cookie })))).toBeNull();
      // A reader cookie made with another read token, or an admin-style value keyed by the read token, is nothing.
      expect(codeOf(() => requireReader(get({ cookie: `${SESSION_COOKIE}=${readerSessionValue("other")}` })))).toBe(
        "unauthorized",
      );
      expect(codeOf(() => requireReader(get({ cookie: `${SESSION_COOKIE}=${sessionValue(READ)}` })))).toBe(
        "unauthorized",
      );
      expect(sessionOf(undefined).reads).toBe("refused");
      expect(sessionOf(readerSessionValue(READ))).toEqual({ signedIn: false, writesEnabled: true, reads: "allowed" });
    } finally {
      delete process.env.READ_TOKEN;
    }
  });

  it("the read token and a read-only session may not write: 403, not 401", () => {
    process.env.READ_TOKEN = READ;
    try {
      expect(codeOf(() => requireAdmin(req("http://l/api", { authorization: `Bearer ${READ}` })))).toBe("forbidden");
      expect(codeOf(() => requireAdmin(req("http://l/api", { cookie: reader })))).toBe("forbidden");
      const signIn = checkSignIn(req("http://localhost:3000/api/session"), READ);
      expect(signIn.role).toBe("reader");
      expect(signIn.cookie).toMatch(/^r\.[\w-]{22}\.\d{13}\.[\w-]{43}$/);
      expect(signIn.cookie).not.toContain(READ);
      expect(checkSignIn(req("http://localhost:3000/api/session"), TOKEN).role).toBe("admin");
      expect(codeOf(() => checkSignIn(req("http://localhost:3000/api/session"), "nope"))).toBe("unauthorized");
    } finally {
      delete process.env.READ_TOKEN;
    }
  });

  it("is validated: short, spaced, or the admin token itself stops start-up with a message", () => {
    const config = (env: Record<string, string>) => readConfig({ NODE_ENV: "test", ...env });
    expect(() => config({ READ_TOKEN: "short-token-15ch" })).not.toThrow();
    expect(() => config({ READ_TOKEN: "short-token-15c" })).toThrow(/READ_TOKEN must be at least 16 characters/);
    expect(() => config({ ADMIN_TOKEN: "abc" })).toThrow(/ADMIN_TOKEN must be at least 16 characters/);
    expect(() => config({ READ_TOKEN: "has a space in it, long enough" })).toThrow(/no spaces/);
    expect(() => config({ READ_TOKEN: "same-secret-0123456", ADMIN_TOKEN: "same-secret-0123456" })).toThrow(/differ/);
    expect(config({ ADMIN_TOKEN: "" }).adminToken).toBeUndefined();
    expect(config({ READ_TOKEN: "" }).readToken).toBeUndefined();
    expect(config({}).writeRatePerMin).toBe(600);
    expect(() => config({ WRITE_RATE_PER_MIN: "-1" })).toThrow(/WRITE_RATE_PER_MIN/);
    expect(config({ TRUST_PROXY: "true" }).trustProxy).toBe(1);
    expect(() => config({ TRUST_PROXY: "yes" })).toThrow(/TRUST_PROXY/);
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

describe("sessions that can be revoked", () => {
  const get = (value: string) =>
    new Request("http://l/api/stances", { headers: { cookie: `${SESSION_COOKIE}=${value}` } });

  it("a session signed out on the server no longer writes; another session goes on", () => {
    const mine = sessionValue(TOKEN);
    const other = sessionValue(TOKEN);
    expect(requireAdmin(req("http://l/api", { cookie: `${SESSION_COOKIE}=${mine}` }))).toBe("analyst");
    const parts = parseSession(mine);
    noteRevoked(parts?.id as string, Date.now() + 60_000);
    expect(codeOf(() => requireAdmin(req("http://l/api", { cookie: `${SESSION_COOKIE}=${mine}` })))).toBe(
      "unauthorized",
    );
    expect(sessionOf(mine).signedIn).toBe(false);
    expect(requireAdmin(req("http://l/api", { cookie: `${SESSION_COOKIE}=${other}` }))).toBe("analyst");
  });

  it("signing out everywhere ends every session issued until then, readers' too; a new one works", () => {
    process.env.READ_TOKEN = "unit-read-token-0123456789";
    try {
      const admin = sessionValue(TOKEN);
      const reader = readerSessionValue("unit-read-token-0123456789");
      expect(codeOf(() => requireReader(get(reader)))).toBeNull();
      noteAllRevoked(Date.now());
      expect(codeOf(() => requireReader(get(reader)))).toBe("unauthorized");
      expect(sessionOf(admin).signedIn).toBe(false);
      expect(sessionOf(sessionValue(TOKEN, Date.now() + 5)).signedIn).toBe(true);
    } finally {
      delete process.env.READ_TOKEN;
    }
  });

  it("on an https site the cookie is __Host- prefixed and Secure", () => {
    process.env.PUBLIC_URL = "https://sw.example";
    try {
      expect(sessionCookieName()).toBe("__Host-stancewatch_session");
      const set = sessionCookie(req("http://10.0.0.2/api/session"), "v");
      expect(set).toBe("__Host-stancewatch_session=v; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000; Secure");
      const value = sessionValue(TOKEN, Date.now() + 10);
      expect(requireAdmin(req("http://l/api", { cookie: `__Host-stancewatch_session=${value}` }))).toBe("analyst");
      // The plain name is not read on an https site: a cookie planted without the prefix counts for nothing.
      expect(codeOf(() => requireAdmin(req("http://l/api", { cookie: `${SESSION_COOKIE}=${value}` })))).toBe(
        "unauthorized",
      );
    } finally {
      delete process.env.PUBLIC_URL;
    }
  });
});

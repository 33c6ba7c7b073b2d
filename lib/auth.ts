import { createHmac, timingSafeEqual } from "node:crypto";
import { readConfig } from "./config";
import { ApiError } from "./http";

/**
 * Writes need the admin token: `Authorization: Bearer <ADMIN_TOKEN>` from scripts, or the httpOnly session
 * cookie that signing in on the site sets. The cookie holds an HMAC of the token, never the token, so changing
 * ADMIN_TOKEN signs every browser out. When READ_TOKEN is set, reads need it (or the admin token) the same way;
 * signing in with it gives a read-only session. Tokens are only ever read from headers, never from the URL.
 */

export const SESSION_COOKIE = "stancewatch_session";
/** Who made a change, in the revision log, when it came with the token. */
export const ADMIN_USER = "analyst";

const WRITES_DISABLED = "Writes are disabled: the server has no ADMIN_TOKEN set. Start it with ADMIN_TOKEN=<a secret>.";

function configuredToken(): string | undefined {
  return readConfig().adminToken;
}

function configuredReadToken(): string | undefined {
  return readConfig().readToken;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(expected, "utf8");
  // Compare digests so that the comparison takes the same time whatever the lengths.
  const da = createHmac("sha256", "stancewatch-compare").update(a).digest();
  const db = createHmac("sha256", "stancewatch-compare").update(b).digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}

/**
 * The cookie value for a browser signed in at `issuedAt` (seconds): the time and an HMAC of it keyed by the
 * token, so a copied cookie stops working when its time is up, and every cookie dies when the token changes.
 */
export function sessionValue(token: string, issuedAt = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac("sha256", token).update(`stancewatch-session-v2:${issuedAt}`).digest("base64url");
  return `${issuedAt}.${mac}`;
}

/** The cookie value of a read-only session: marked `r`, keyed by READ_TOKEN, so it can never pass for a writer's. */
export function readerSessionValue(readToken: string, issuedAt = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac("sha256", readToken).update(`stancewatch-read-v1:${issuedAt}`).digest("base64url");
  return `r${issuedAt}.${mac}`;
}

function freshIssue(issuedAt: number): boolean {
  const age = Date.now() / 1000 - issuedAt;
  // A minute of clock slack either way; past the lifetime the browser must sign in again.
  return age >= -60 && age <= SESSION_MAX_AGE_SECONDS;
}

/** Whether a cookie value was issued with this token and is not older than the session's lifetime. */
function validSession(cookie: string, token: string): boolean {
  const m = /^(\d{1,12})\.[\w-]{43}$/.exec(cookie);
  if (!m) return false;
  const issuedAt = Number(m[1]);
  if (!freshIssue(issuedAt)) return false;
  return sameSecret(cookie, sessionValue(token, issuedAt));
}

function validReaderSession(cookie: string, readToken: string): boolean {
  const m = /^r(\d{1,12})\.[\w-]{43}$/.exec(cookie);
  if (!m) return false;
  const issuedAt = Number(m[1]);
  if (!freshIssue(issuedAt)) return false;
  return sameSecret(cookie, readerSessionValue(readToken, issuedAt));
}

/** Who a session cookie's value belongs to, if anyone. */
function sessionRole(cookie: string | undefined): Role | null {
  if (cookie === undefined) return null;
  const admin = configuredToken();
  if (admin !== undefined && validSession(cookie, admin)) return "admin";
  const reader = configuredReadToken();
  if (reader !== undefined && validReaderSession(cookie, reader)) return "reader";
  return null;
}

export type Role = "admin" | "reader";

function cookieValue(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * A browser request sent from another site: its Origin names a host other than the one the browser asked.
 * The host is the one the browser used (Host, or X-Forwarded-Host behind a proxy), not the address the server
 * listens on: `next start` rewrites request.url to its own hostname.
 */
function isCrossSite(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  const asked =
    request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() ||
    request.headers.get("host") ||
    new URL(request.url).host;
  return hostOf(origin) !== asked.toLowerCase();
}

/** True when the token matches ADMIN_TOKEN; false when it does not or when no token is configured. */
export function isAdminToken(token: string): boolean {
  const expected = configuredToken();
  return expected !== undefined && sameSecret(token, expected);
}

function isReadToken(token: string): boolean {
  const expected = configuredReadToken();
  return expected !== undefined && sameSecret(token, expected);
}

/** The token of an `Authorization: Bearer` header; null without the header; 401 for any other form of it. */
function bearerToken(request: Request, expected: string): string | null {
  const header = request.headers.get("authorization");
  if (header === null) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new ApiError("unauthorized", `The Authorization header must be "Bearer <${expected}>"`);
  return match[1];
}

/** Whether reads need a token on this server (READ_TOKEN is set). */
export function readsNeedToken(): boolean {
  return configuredReadToken() !== undefined;
}

/**
 * Throws 401 unless the request may read: always when READ_TOKEN is unset; otherwise with the read or the admin
 * token as `Authorization: Bearer`, or a session cookie (read-only or admin). A token in the query string is
 * never looked at: URLs end up in logs, histories and Referer headers.
 */
export function requireReader(request: Request): void {
  if (!readsNeedToken()) return;
  const token = bearerToken(request, "READ_TOKEN");
  if (token !== null) {
    if (isReadToken(token) || isAdminToken(token)) return;
    throw new ApiError("unauthorized", "The read token is wrong");
  }
  if (sessionRole(cookieValue(request, SESSION_COOKIE)) !== null) return;
  throw new ApiError(
    "unauthorized",
    "Reading this server needs a token: send Authorization: Bearer <READ_TOKEN>, or sign in at /sign-in",
  );
}

/** For pages: whether the session cookie's holder may read (always true when reads are public). */
export function mayReadPages(cookie: string | undefined): boolean {
  return !readsNeedToken() || sessionRole(cookie) !== null;
}

/** Whether the request carries a valid session cookie (for pages: show or hide the write controls). */
export function hasSession(cookie: string | undefined): boolean {
  return sessionRole(cookie) === "admin";
}

/**
 * Throws 401 unless the request carries the admin token or a valid session cookie, and 403 for a credential
 * that is valid but may not write: the read token, a read-only session, or a session cookie sent from another
 * site (Origin not this host), so the cookie cannot be used for cross-site writes. Only the request's own
 * headers count, whatever a proxy or middleware in front did or claims (x-middleware-subrequest and the like).
 * Returns who is acting, for the revision log.
 */
export function requireAdmin(request: Request): string {
  const expected = configuredToken();
  if (expected === undefined) {
    throw new ApiError("unauthorized", WRITES_DISABLED);
  }
  const token = bearerToken(request, "ADMIN_TOKEN");
  if (token !== null) {
    if (sameSecret(token, expected)) return ADMIN_USER;
    if (isReadToken(token)) {
      throw new ApiError("forbidden", "The read token only reads: writes need the admin token");
    }
    throw new ApiError("unauthorized", "The admin token is wrong");
  }
  const cookie = cookieValue(request, SESSION_COOKIE);
  if (cookie !== undefined) {
    const role = sessionRole(cookie);
    if (role === null) {
      throw new ApiError("unauthorized", "Your session has expired or the admin token changed: sign in again");
    }
    if (isCrossSite(request)) {
      throw new ApiError("forbidden", "Cross-site writes are refused: sign in on this site, or use the Bearer token");
    }
    if (role === "reader") {
      throw new ApiError("forbidden", "You are signed in to read only: sign in with the admin token to make changes");
    }
    return ADMIN_USER;
  }
  throw new ApiError("unauthorized", "Sign in, or send the admin token as Authorization: Bearer <ADMIN_TOKEN>");
}

/** How long a browser stays signed in. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;

function isHttps(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto");
  return new URL(request.url).protocol === "https:" || forwarded?.split(",")[0]?.trim() === "https";
}

/**
 * The Set-Cookie header that signs a browser in (a value) or out (null). httpOnly keeps it from scripts,
 * SameSite=Strict keeps other sites' links and forms from sending it, Secure whenever the site is served on https.
 */
export function sessionCookie(request: Request, value: string | null): string {
  const parts = [
    `${SESSION_COOKIE}=${value ?? ""}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Strict",
    `Max-Age=${value === null ? 0 : SESSION_MAX_AGE_SECONDS}`,
  ];
  if (isHttps(request)) parts.push("Secure");
  return parts.join("; ");
}

/**
 * Checks a token typed on the sign-in page: the admin token signs in to write, the read token (when set) to
 * read. Throws 401 (or 403 for a cross-site form) when it cannot sign in; returns the cookie value to set.
 */
export function checkSignIn(request: Request, token: string): { role: Role; cookie: string } {
  if (isCrossSite(request)) {
    throw new ApiError("forbidden", "Sign in on this site itself: cross-site sign-in is refused");
  }
  const readToken = configuredReadToken();
  if (configuredToken() === undefined && readToken === undefined) {
    throw new ApiError("unauthorized", WRITES_DISABLED);
  }
  if (isAdminToken(token)) return { role: "admin", cookie: sessionValue(token) };
  if (readToken !== undefined && isReadToken(token)) return { role: "reader", cookie: readerSessionValue(readToken) };
  throw new ApiError("unauthorized", readToken === undefined ? "The admin token is wrong" : "The token is wrong");
}

/** What the browser may do: signed in (a valid session cookie), and whether the server accepts writes at all. */
export function sessionState(request: Request): SessionState {
  return sessionOf(cookieValue(request, SESSION_COOKIE));
}

/**
 * `signedIn`: an admin session (writes allowed). `reads`: "public" when READ_TOKEN is unset, else "allowed"
 * (a read-only or admin session) or "refused".
 */
export type SessionState = { signedIn: boolean; writesEnabled: boolean; reads: "public" | "allowed" | "refused" };

/** The same, from the session cookie's value (server pages read it from Next's cookie store). */
export function sessionOf(cookie: string | undefined): SessionState {
  const role = sessionRole(cookie);
  return {
    signedIn: role === "admin",
    writesEnabled: configuredToken() !== undefined,
    reads: !readsNeedToken() ? "public" : role !== null ? "allowed" : "refused",
  };
}

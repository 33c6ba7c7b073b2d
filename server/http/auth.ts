import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { ApiError } from "../../contracts/errors";
import type { SessionState } from "../../contracts/responses";
import { readConfig } from "../config";
import { isRevoked } from "./session-revocations";
import { logWrongBearer } from "./sign-in-limit";

/**
 * Writes need the admin token: `Authorization: Bearer <ADMIN_TOKEN>` from scripts, or the httpOnly session
 * cookie that signing in on the site sets. The cookie holds an HMAC of the token, never the token, so changing
 * ADMIN_TOKEN signs every browser out. When READ_TOKEN is set, reads need it (or the admin token) the same way;
 * signing in with it gives a read-only session. Tokens are only ever read from headers, never from the URL.
 */

export const SESSION_COOKIE = "stancewatch_session";

/** Whether the site is served on https (PUBLIC_URL): then the cookie is __Host- prefixed and HSTS is sent. */
export function servedOnHttps(): boolean {
  return readConfig().publicUrl.startsWith("https:");
}

/**
 * The session cookie's name: `__Host-` prefixed on an https site, so that a browser takes it only when it is
 * Secure, host-only and for the whole site (a subdomain or a plain-http page cannot plant one).
 */
export function sessionCookieName(): string {
  return servedOnHttps() ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}
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
 * A session cookie's value: `<role>.<session id>.<issued at, ms>.<HMAC>`, the HMAC keyed by the token it was
 * signed in with (the admin token for `a`, the read token for `r`), so the value never holds the token, a
 * reader's value can never pass for an admin's, and changing a token ends its sessions. The random session id
 * is what signing out revokes on the server (server/http/session-revocations.ts).
 */
function sessionMac(key: string, role: "a" | "r", id: string, issuedAtMs: number): string {
  return createHmac("sha256", key).update(`stancewatch-session-v3:${role}:${id}:${issuedAtMs}`).digest("base64url");
}

function newSessionId(): string {
  return randomBytes(16).toString("base64url");
}

export function sessionValue(token: string, issuedAtMs = Date.now(), id = newSessionId()): string {
  return `a.${id}.${issuedAtMs}.${sessionMac(token, "a", id, issuedAtMs)}`;
}

/** The cookie value of a read-only session, keyed by READ_TOKEN. */
export function readerSessionValue(readToken: string, issuedAtMs = Date.now(), id = newSessionId()): string {
  return `r.${id}.${issuedAtMs}.${sessionMac(readToken, "r", id, issuedAtMs)}`;
}

/** A session cookie taken apart, before any check. */
export type SessionParts = { role: "a" | "r"; id: string; issuedAtMs: number };

export function parseSession(cookie: string | undefined): SessionParts | null {
  const m = /^([ar])\.([\w-]{22})\.(\d{13})\.[\w-]{43}$/.exec(cookie ?? "");
  if (!m) return null;
  return { role: m[1] as "a" | "r", id: m[2] as string, issuedAtMs: Number(m[3]) };
}

function freshIssue(issuedAtMs: number): boolean {
  const age = Date.now() - issuedAtMs;
  // A minute of clock slack either way; past the lifetime the browser must sign in again.
  return age >= -60_000 && age <= SESSION_MAX_AGE_SECONDS * 1000;
}

/** Who a session cookie's value belongs to, if anyone: issued with a current token, not expired, not signed out. */
function sessionRole(cookie: string | undefined): Role | null {
  const parts = parseSession(cookie);
  if (!parts || !freshIssue(parts.issuedAtMs) || isRevoked(parts.id, parts.issuedAtMs)) return null;
  const key = parts.role === "a" ? configuredToken() : configuredReadToken();
  if (key === undefined) return null;
  const expected = (parts.role === "a" ? sessionValue : readerSessionValue)(key, parts.issuedAtMs, parts.id);
  if (!sameSecret(cookie as string, expected)) return null;
  return parts.role === "a" ? "admin" : "reader";
}

/** A signed-in session of this server (valid now), for signing it out. */
export function validSession(cookie: string | undefined): SessionParts | null {
  return sessionRole(cookie) === null ? null : parseSession(cookie);
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
    logWrongBearer(request);
    throw new ApiError("unauthorized", "The read token is wrong");
  }
  if (sessionRole(cookieValue(request, sessionCookieName())) !== null) return;
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
    logWrongBearer(request);
    throw new ApiError("unauthorized", "The admin token is wrong");
  }
  const cookie = cookieValue(request, sessionCookieName());
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
    `${sessionCookieName()}=${value ?? ""}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Strict",
    `Max-Age=${value === null ? 0 : SESSION_MAX_AGE_SECONDS}`,
  ];
  if (servedOnHttps() || isHttps(request)) parts.push("Secure");
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

/** The session cookie a request carries, if any (its value, unchecked). */
export function sessionCookieOf(request: Request): string | undefined {
  return cookieValue(request, sessionCookieName());
}

/** What the browser may do: signed in (a valid session cookie), and whether the server accepts writes at all. */
export function sessionState(request: Request): SessionState {
  return sessionOf(cookieValue(request, sessionCookieName()));
}

/**
 * `signedIn`: an admin session (writes allowed). `reads`: "public" when READ_TOKEN is unset, else "allowed"
 * (a read-only or admin session) or "refused".
 */
/** The same, from the session cookie's value (server pages read it from Next's cookie store). */
export function sessionOf(cookie: string | undefined): SessionState {
  const role = sessionRole(cookie);
  return {
    signedIn: role === "admin",
    writesEnabled: configuredToken() !== undefined,
    reads: !readsNeedToken() ? "public" : role !== null ? "allowed" : "refused",
  };
}

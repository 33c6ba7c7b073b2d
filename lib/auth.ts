import { createHmac, timingSafeEqual } from "node:crypto";
import { readConfig } from "./config";
import { ApiError } from "./http";

/**
 * Writes need the admin token: `Authorization: Bearer <ADMIN_TOKEN>` from scripts, or the httpOnly session
 * cookie that signing in on the site sets. The cookie holds an HMAC of the token, never the token, so changing
 * ADMIN_TOKEN signs every browser out.
 */

export const SESSION_COOKIE = "stancewatch_session";
/** Who made a change, in the revision log, when it came with the token. */
export const ADMIN_USER = "analyst";

const WRITES_DISABLED = "Writes are disabled: the server has no ADMIN_TOKEN set. Start it with ADMIN_TOKEN=<a secret>.";

function configuredToken(): string | undefined {
  return readConfig().adminToken;
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

/** Whether a cookie value was issued with this token and is not older than the session's lifetime. */
function validSession(cookie: string, token: string): boolean {
  const m = /^(\d{1,12})\.[\w-]{43}$/.exec(cookie);
  if (!m) return false;
  const issuedAt = Number(m[1]);
  const age = Date.now() / 1000 - issuedAt;
  // A minute of clock slack either way; past the lifetime the browser must sign in again.
  if (age < -60 || age > SESSION_MAX_AGE_SECONDS) return false;
  return sameSecret(cookie, sessionValue(token, issuedAt));
}

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

/** Whether the request carries a valid session cookie (for pages: show or hide the write controls). */
export function hasSession(cookie: string | undefined): boolean {
  const expected = configuredToken();
  return expected !== undefined && cookie !== undefined && validSession(cookie, expected);
}

/**
 * Throws 401 unless the request carries the admin token or a valid session cookie. A cookie-borne request from
 * another site (Origin not this host) is refused too, so the cookie cannot be used for cross-site writes.
 * Returns who is acting, for the revision log.
 */
export function requireAdmin(request: Request): string {
  const expected = configuredToken();
  if (expected === undefined) {
    throw new ApiError("unauthorized", WRITES_DISABLED);
  }
  const header = request.headers.get("authorization");
  if (header !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw new ApiError("unauthorized", 'The Authorization header must be "Bearer <ADMIN_TOKEN>"');
    if (!sameSecret(match[1], expected)) throw new ApiError("unauthorized", "The admin token is wrong");
    return ADMIN_USER;
  }
  const cookie = cookieValue(request, SESSION_COOKIE);
  if (cookie !== undefined) {
    if (!validSession(cookie, expected)) {
      throw new ApiError("unauthorized", "Your session has expired or the admin token changed: sign in again");
    }
    if (isCrossSite(request)) {
      throw new ApiError("forbidden", "Cross-site writes are refused: sign in on this site, or use the Bearer token");
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

/** Checks a token typed on the sign-in page; throws 401 (or 403 for a cross-site form) when it cannot sign in. */
export function checkSignIn(request: Request, token: string): void {
  if (isCrossSite(request)) {
    throw new ApiError("forbidden", "Sign in on this site itself: cross-site sign-in is refused");
  }
  if (configuredToken() === undefined) {
    throw new ApiError("unauthorized", WRITES_DISABLED);
  }
  if (!isAdminToken(token)) throw new ApiError("unauthorized", "The admin token is wrong");
}

/** What the browser may do: signed in (a valid session cookie), and whether the server accepts writes at all. */
export function sessionState(request: Request): SessionState {
  return sessionOf(cookieValue(request, SESSION_COOKIE));
}

export type SessionState = { signedIn: boolean; writesEnabled: boolean };

/** The same, from the session cookie's value (server pages read it from Next's cookie store). */
export function sessionOf(cookie: string | undefined): SessionState {
  return { signedIn: hasSession(cookie), writesEnabled: configuredToken() !== undefined };
}

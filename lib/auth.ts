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

/** The cookie value for a signed-in browser. */
export function sessionValue(token: string): string {
  return createHmac("sha256", token).update("stancewatch-session-v1").digest("base64url");
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

/** True when the token matches ADMIN_TOKEN; false when it does not or when no token is configured. */
export function isAdminToken(token: string): boolean {
  const expected = configuredToken();
  return expected !== undefined && sameSecret(token, expected);
}

/** Whether the request carries a valid session cookie (for pages: show or hide the write controls). */
export function hasSession(cookie: string | undefined): boolean {
  const expected = configuredToken();
  return expected !== undefined && cookie !== undefined && sameSecret(cookie, sessionValue(expected));
}

/**
 * Throws 401 unless the request carries the admin token or a valid session cookie. A cookie-borne request from
 * another site (Origin not this host) is refused too, so the cookie cannot be used for cross-site writes.
 * Returns who is acting, for the revision log.
 */
export function requireAdmin(request: Request): string {
  const expected = configuredToken();
  if (expected === undefined) {
    throw new ApiError(
      "unauthorized",
      "Writes are disabled: the server has no ADMIN_TOKEN set. Start it with ADMIN_TOKEN=<a secret>.",
    );
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
    if (!sameSecret(cookie, sessionValue(expected))) {
      throw new ApiError("unauthorized", "Your session has expired or the admin token changed: sign in again");
    }
    const origin = request.headers.get("origin");
    if (origin !== null && hostOf(origin) !== new URL(request.url).host) {
      throw new ApiError("forbidden", "Cross-site writes are refused: sign in on this site, or use the Bearer token");
    }
    return ADMIN_USER;
  }
  throw new ApiError("unauthorized", "Sign in, or send the admin token as Authorization: Bearer <ADMIN_TOKEN>");
}

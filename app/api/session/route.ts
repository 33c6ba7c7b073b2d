import { ApiError } from "@/contracts/errors";
import { SignInBody, SignOutQuery } from "@/contracts/session";
import { revokeAllSessions, revokeSession } from "@/db/queries/sessions";
import { getDb } from "@/server/database";
import {
  checkSignIn,
  requireAdmin,
  SESSION_MAX_AGE_SECONDS,
  sessionCookie,
  sessionCookieOf,
  sessionOf,
  sessionState,
  validSession,
} from "@/server/http/auth";
import { json, otherMethods, parseBody, parseQuery, route } from "@/server/http/route";
import { noteAllRevoked, noteRevoked } from "@/server/http/session-revocations";
import { assertMayTrySignIn, noteWrongToken, requestNetwork, signInLimiter } from "@/server/http/sign-in-limit";

// Public whatever READ_TOKEN says: the sign-in page needs these to let a reader in.
const open = { public: true } as const;
const noStore = { "cache-control": "no-store" };

/** Whether this browser is signed in, and whether the server takes writes at all. */
export const GET = route(async (request: Request) => json(sessionState(request), { headers: noStore }), open);

/**
 * Signs the browser in: the token is checked and replaced by an httpOnly session cookie (read-only for
 * READ_TOKEN). Wrong tokens are logged (never the token) and slow the client down, then everyone.
 */
export const POST = route(async (request: Request) => {
  const { token } = await parseBody(request, SignInBody, 8_000);
  const limiter = signInLimiter();
  const network = requestNetwork(request);
  assertMayTrySignIn(limiter, network);
  let cookie: string;
  try {
    ({ cookie } = checkSignIn(request, token));
  } catch (error) {
    if (error instanceof ApiError && error.code === "unauthorized") noteWrongToken(request, "at sign-in");
    throw error;
  }
  limiter.succeeded(network);
  return json(sessionOf(cookie), { headers: { "set-cookie": sessionCookie(request, cookie), ...noStore } });
}, open);

/**
 * Signs the browser out, on the server too: the cookie's session is revoked, so a copy of it no longer reads or
 * writes. `?everywhere=true` (the admin token or an admin session) signs every session out.
 */
export const DELETE = route(async (request: Request) => {
  const { everywhere } = parseQuery(request, SignOutQuery);
  const db = await getDb();
  const lifetimeMs = SESSION_MAX_AGE_SECONDS * 1000;
  if (everywhere === "true") {
    requireAdmin(request);
    const at = new Date();
    await revokeAllSessions(db, at, lifetimeMs);
    noteAllRevoked(at.getTime());
  } else {
    const session = validSession(sessionCookieOf(request));
    if (session) {
      const expiresAt = session.issuedAtMs + lifetimeMs;
      await revokeSession(db, session.id, new Date(expiresAt));
      noteRevoked(session.id, expiresAt);
    }
  }
  return json(sessionOf(undefined), { headers: { "set-cookie": sessionCookie(request, null), ...noStore } });
}, open);

export const { PUT, PATCH } = otherMethods("GET", "POST", "DELETE");

import type { RevocationList } from "../../db/queries/sessions";
import { loggable } from "../log";

/**
 * The sessions signed out on the server, kept in memory so that the checks on every request stay synchronous:
 * filled from the database (db/queries/sessions.ts) at start and again when it is a few seconds old, and
 * updated at once when this process signs a session out. Another instance sees a sign-out on its next refresh.
 * On globalThis: Next loads route handlers, pages and the proxy in separate module graphs of one process.
 */

type State = {
  sessions: Map<string, number>;
  notBeforeMs: number;
  loadedAt: number;
  loader: (() => Promise<RevocationList>) | null;
  loading: Promise<void> | null;
};

/** How old the list may be before a request reloads it. */
export const REFRESH_MS = 5000;

const holder = globalThis as typeof globalThis & { __stancewatchRevocations?: State };

function state(): State {
  holder.__stancewatchRevocations ??= {
    sessions: new Map(),
    notBeforeMs: 0,
    loadedAt: 0,
    loader: null,
    loading: null,
  };
  return holder.__stancewatchRevocations;
}

/** Where the list comes from (the server registers the database at start). */
export function setRevocationLoader(loader: (() => Promise<RevocationList>) | null): void {
  const s = state();
  s.loader = loader;
  s.loadedAt = 0;
}

/** Reloads the list when it is older than REFRESH_MS; without a loader there is nothing to load. */
export async function freshRevocations(now = Date.now()): Promise<void> {
  const s = state();
  if (!s.loader || now - s.loadedAt < REFRESH_MS) return;
  s.loading ??= s
    .loader()
    .then((list) => {
      // What this process revoked meanwhile stays, whatever the list read before it says.
      for (const [id, expires] of list.sessions) s.sessions.set(id, expires);
      s.notBeforeMs = Math.max(s.notBeforeMs, list.notBeforeMs);
      for (const [id, expires] of s.sessions) if (expires <= now) s.sessions.delete(id);
      s.loadedAt = Date.now();
    })
    // A database that cannot be read keeps the list this process has, and is asked again a while later, not by
    // every request meanwhile.
    .catch((error: unknown) => {
      s.loadedAt = Date.now();
      console.error(`[auth] the session revocations could not be read: ${loggable(error)}`);
    })
    .finally(() => {
      s.loading = null;
    });
  await s.loading;
}

export function isRevoked(sessionId: string, issuedAtMs: number): boolean {
  const s = state();
  return s.sessions.has(sessionId) || issuedAtMs <= s.notBeforeMs;
}

export function noteRevoked(sessionId: string, expiresAtMs: number): void {
  state().sessions.set(sessionId, expiresAtMs);
}

export function noteAllRevoked(atMs: number): void {
  const s = state();
  s.notBeforeMs = Math.max(s.notBeforeMs, atMs);
}

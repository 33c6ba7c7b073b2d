import http, { type IncomingMessage } from "node:http";

/**
 * Which client a request comes from, for the write rate limit. The socket's address, unless TRUST_PROXY says
 * how many proxies in front append to X-Forwarded-For: then the entry that many hops back. Entries further
 * left were written by the client itself and are never believed.
 */

/** The header the server stamps on every request (any value a client sent under this name is replaced). */
export const CLIENT_HEADER = "x-stancewatch-client";

export function clientAddress(forwardedFor: string | string[] | undefined, peer: string | undefined, hops: number) {
  const socket = peer || "unknown";
  if (hops <= 0 || !forwardedFor) return socket;
  const listed = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [...listed, socket];
  return chain[Math.max(0, chain.length - 1 - hops)] ?? socket;
}

/**
 * Headers Next reads as its own internal signals, which no client has a reason to send: x-middleware-prefetch,
 * for one, makes Next answer 200 "{}" without running the route (so a refused write would look accepted).
 */
const INTERNAL_HEADERS = [
  "x-middleware-subrequest",
  "x-middleware-prefetch",
  "x-middleware-invoke",
  "x-middleware-next",
  "x-middleware-rewrite",
  "x-middleware-redirect",
  "x-middleware-set-cookie",
  "x-middleware-skip",
  "x-nextjs-data",
  "x-now-route-matches",
  "x-matched-path",
  "x-invoke-path",
  "x-invoke-query",
  "x-invoke-status",
  "x-invoke-output",
];

/**
 * On a raw request, before Next turns it into a Request (and fills X-Forwarded-For itself): drops the internal
 * headers above and stamps CLIENT_HEADER.
 */
export function stampClient(req: IncomingMessage, hops: number): void {
  for (const name of INTERNAL_HEADERS) delete req.headers[name];
  req.headers[CLIENT_HEADER] = clientAddress(req.headers["x-forwarded-for"], req.socket?.remoteAddress, hops);
}

const hooked = globalThis as typeof globalThis & { __stancewatchClientStamp?: boolean };

/**
 * Makes every HTTP server of this process clean and stamp its requests (stampClient). Next hands route handlers a
 * Request without the socket, and fills X-Forwarded-For from the socket only when the client sent none, so the
 * address is taken here, where the socket is still in reach.
 */
export function installClientStamp(hops: number): void {
  if (hooked.__stancewatchClientStamp) return;
  hooked.__stancewatchClientStamp = true;
  const proto = http.Server.prototype as unknown as { emit: (event: string | symbol, ...args: unknown[]) => boolean };
  const emit = proto.emit;
  proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
    if (event === "request") stampClient(args[0] as IncomingMessage, hops);
    return emit.call(this, event, ...args);
  };
}

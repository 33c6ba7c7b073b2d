import diagnostics from "node:diagnostics_channel";
import type { IncomingMessage, Server, ServerResponse } from "node:http";

/**
 * Graceful shutdown for a server we do not own: `next start` creates the HTTP server and, with
 * NEXT_MANUAL_SIG_HANDLE set, leaves the signals to us without handing us the server. Node's HTTP diagnostics
 * channels name the server and the response of every request, which is all a drain needs: stop accepting,
 * let the requests under way finish, close the keep-alive connections they leave behind.
 */

type RequestStart = { request: IncomingMessage; response: ServerResponse; server: Server };

export type DrainResult = {
  waitedMs: number;
  unfinished: number;
  /** Requests under way whose connection closed during the drain before their answer was sent ("POST /api/x", no query). */
  abandoned: string[];
};

export type RequestTracker = {
  /** Requests received whose response has not been sent (or abandoned) yet, as "METHOD /url", oldest first. */
  inFlight(): string[];
  /**
   * Stops accepting connections (before it returns: the listening sockets are closed synchronously) and waits up
   * to `timeoutMs` for the requests under way; then cuts the rest.
   */
  drain(timeoutMs: number): Promise<DrainResult>;
};

export function trackHttpRequests(): RequestTracker {
  const servers = new Set<Server>();
  // Each response not yet closed, with the request it answers ("GET /api/health").
  const open = new Map<ServerResponse, string>();
  const abandoned: string[] = [];
  let draining = false;
  let settled: (() => void) | null = null;

  const closeIdle = () => {
    // Next tick: the connection counts as idle only once the response has let go of its socket.
    setImmediate(() => {
      for (const server of servers) server.closeIdleConnections();
    });
  };

  diagnostics.subscribe("http.server.request.start", (message) => {
    const { request, response, server } = message as RequestStart;
    servers.add(server);
    // The path only: a query string can carry an analyst's filters, which a shutdown log has no need of.
    const label = `${request.method} ${request.url?.split("?")[0]}`;
    open.set(response, label);
    // A request that arrives on a kept-alive connection during the drain is served, and its connection closed.
    if (draining) response.setHeader("connection", "close");
    // "close" follows the end of the response, or the client going away before it: either way it is over.
    response.once("close", () => {
      open.delete(response);
      if (!draining) return;
      if (!response.writableFinished) abandoned.push(label);
      closeIdle();
      if (open.size === 0) settled?.();
    });
  });

  return {
    inFlight: () => [...open.values()],
    async drain(timeoutMs) {
      const started = Date.now();
      draining = true;
      for (const response of open.keys()) if (!response.headersSent) response.setHeader("connection", "close");
      for (const server of servers) server.close();
      closeIdle();
      if (open.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          settled = resolve;
          timer = setTimeout(resolve, timeoutMs);
        });
        clearTimeout(timer);
      }
      const unfinished = open.size;
      if (unfinished > 0) for (const server of servers) server.closeAllConnections();
      return { waitedMs: Date.now() - started, unfinished, abandoned: [...abandoned] };
    },
  };
}

/**
 * "POST /api/reports ×2, GET /api/health": the requests under way, the same ones counted once, at most `limit`
 * kinds named and the rest counted.
 */
export function summarizeRequests(requests: string[], limit = 8): string {
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(r, (counts.get(r) ?? 0) + 1);
  const kinds = [...counts].map(([r, n]) => (n > 1 ? `${r} ×${n}` : r));
  const more = kinds.length - limit;
  return more > 0 ? `${kinds.slice(0, limit).join(", ")} and ${more} more` : kinds.join(", ");
}

import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { summarizeRequests, trackHttpRequests } from "@/server/lifecycle/http-drain";

// One tracker for the file: the diagnostics channel it listens on is process-wide.
const tracker = trackHttpRequests();
const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.closeAllConnections();
});

/** A server whose handler waits until the test releases it; `arrived` resolves once the request is in. */
async function slowServer() {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let arrived: () => void = () => {};
  const received = new Promise<void>((resolve) => (arrived = resolve));
  const server = http.createServer(async (_req, res) => {
    arrived();
    await held;
    res.end("done");
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port, release, received };
}

function get(port: number): Promise<{ status: number; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, agent: new http.Agent({ keepAlive: true }) }, (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
      })
      .on("error", reject);
  });
}

describe("draining the HTTP server on shutdown", () => {
  test("a request under way finishes, its connection is closed, and new connections are refused", async () => {
    const { port, release, received } = await slowServer();
    const inFlight = get(port);
    await received;
    expect(tracker.inFlight()).toEqual(["GET /"]);

    let drained = false;
    const drain = tracker.drain(30_000).then((r) => {
      drained = true;
      return r;
    });
    // The listening socket is closed at once: nobody new gets in while the old requests finish.
    await expect(get(port)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(drained).toBe(false);

    release();
    const answer = await inFlight;
    expect(answer).toEqual({ status: 200, body: "done", connection: "close" });
    const result = await drain;
    expect(result.unfinished).toBe(0);
    expect(result.abandoned).toEqual([]);
    expect(result.waitedMs).toBeLessThan(30_000);
    expect(tracker.inFlight()).toEqual([]);
  });

  test("a request that outlives the timeout is cut off and counted", async () => {
    const fresh = trackHttpRequests();
    const { port, received, release } = await slowServer();
    const inFlight = get(port).catch((error: NodeJS.ErrnoException) => error.code);
    await received;
    const result = await fresh.drain(50);
    expect(result.unfinished).toBe(1);
    expect(await inFlight).toBe("ECONNRESET");
    release();
  });

  test("a request whose client goes away during the drain is named, and the drain does not wait for it", async () => {
    const fresh = trackHttpRequests();
    const { port, received, release } = await slowServer();
    const request = http.get({ host: "127.0.0.1", port, path: "/api/slow?x=1", agent: false });
    const gone = new Promise((resolve) => request.on("error", resolve));
    await received;
    const drain = fresh.drain(30_000);
    request.destroy();
    await gone;
    const result = await drain;
    expect(result.unfinished).toBe(0);
    expect(result.abandoned).toEqual(["GET /api/slow"]);
    expect(result.waitedMs).toBeLessThan(30_000);
    release();
  });
});

describe("naming the requests under way in the shutdown log", () => {
  test("the same request is counted, not repeated; past the limit the rest are counted", () => {
    expect(summarizeRequests([])).toBe("");
    expect(summarizeRequests(["POST /api/reports", "GET /api/health", "POST /api/reports"])).toBe(
      "POST /api/reports ×2, GET /api/health",
    );
    expect(summarizeRequests(["GET /a", "GET /b", "GET /c", "GET /a"], 2)).toBe("GET /a ×2, GET /b and 1 more");
  });
});

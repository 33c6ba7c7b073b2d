import { expect, test } from "@playwright/test";
import { EXPORT_LOAD_PORT, urlOf } from "../helpers/ports";
import { withOwnServer } from "../helpers/server";

// A burst of picture exports, checked from outside: forty at once get only 200 or 503 (with Retry-After, in the
// error envelope), and /api/health answers within a second while they run. On a server of its own with the
// default render queue (EXPORT_RENDERS 2, EXPORT_QUEUE 8): the burst would otherwise turn the export suites'
// requests on the shared server into 503s.
const BASE = urlOf(EXPORT_LOAD_PORT);
const CHARTS = ["matrix", "distribution", "timeline", "alignment"] as const;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

test.describe.configure({ mode: "serial" });
withOwnServer({ port: EXPORT_LOAD_PORT, name: "export-load" });

type Outcome = { path: string; status: number; headers: Headers; body: Buffer };

test.describe("[EXPORT_LOAD]", () => {
  test("40 PNG and SVG exports at once give only 200 or 503 with Retry-After, and health answers within a second meanwhile", async () => {
    test.setTimeout(120_000);
    // Node's fetch, not the request fixture: nothing between the test and the socket, so the health figure is
    // the server's. A server in use has drawn a file before: its renderer is started and the export route loaded.
    // From a cold start the first health answer comes too close to the second for the busy CPU of a full suite
    // (docs/reliability.md).
    const first = await fetch(`${BASE}/api/export/timeline.png`);
    await first.arrayBuffer();
    expect(first.status).toBe(200);
    // Every chart in both formats, with the dashboard's default filters (all default countries).
    const paths = Array.from(
      { length: 40 },
      (_, i) => `/api/export/${CHARTS[i % CHARTS.length]}.${i % 8 < 4 ? "png" : "svg"}`,
    );
    let pending = paths.length;
    const exports = paths.map(async (path): Promise<Outcome> => {
      try {
        const res = await fetch(`${BASE}${path}`);
        return { path, status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
      } finally {
        pending--;
      }
    });

    // Data exports draw nothing and take no turn: one asked in the same burst is answered in full.
    const csv = fetch(`${BASE}/api/export/matrix.csv`).then(async (res) => ({
      status: res.status,
      text: await res.text(),
    }));

    // Health from the moment the burst is sent, one request after another, until the last export is answered.
    const health: { status: number; ms: number }[] = [];
    while (pending > 0) {
      const started = performance.now();
      const res = await fetch(`${BASE}/api/health`);
      await res.arrayBuffer();
      health.push({ status: res.status, ms: performance.now() - started });
    }
    const outcomes = await Promise.all(exports);
    const data = await csv;
    expect(data.status).toBe(200);
    expect(data.text).toMatch(/^source_key,source,date,/);

    const slowest = Math.max(...health.map((h) => h.ms));
    test.info().annotations.push({
      type: "figures",
      description: `${outcomes.filter((o) => o.status === 200).length} × 200, ${outcomes.filter((o) => o.status === 503).length} × 503; health asked ${health.length} times during the burst, first ${health[0]?.ms.toFixed(0)} ms, slowest ${slowest.toFixed(0)} ms`,
    });
    expect(health.length).toBeGreaterThan(0);
    for (const h of health) {
      expect(h.status).toBe(200);
      expect(h.ms).toBeLessThan(1000);
    }

    expect(outcomes.map((o) => o.status).filter((s) => s !== 200 && s !== 503)).toEqual([]);
    const drawn = outcomes.filter((o) => o.status === 200);
    const refused = outcomes.filter((o) => o.status === 503);
    // The queue did its work both ways: some files were drawn, and the burst went past the queue's bound.
    expect(drawn.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const o of drawn) {
      if (o.path.endsWith(".png")) {
        expect(o.headers.get("content-type")).toBe("image/png");
        expect([...o.body.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
        expect(o.body.readUInt32BE(16)).toBe(2000);
      } else {
        expect(o.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
        expect(o.body.toString("utf8")).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="1000"/);
      }
    }
    for (const o of refused) {
      const wait = o.headers.get("retry-after");
      expect(wait).toMatch(/^\d+$/);
      expect(Number(wait)).toBeGreaterThanOrEqual(1);
      expect(o.headers.get("content-type")).toBe("application/json; charset=utf-8");
      const body = JSON.parse(o.body.toString("utf8"));
      expect(body).toEqual({
        error: {
          code: "unavailable",
          message: expect.stringMatching(/Try again in \d+ s/),
          retryAfterSeconds: Number(wait),
        },
      });
    }

    // Every turn was given back: the next export is drawn.
    const after = await fetch(`${BASE}/api/export/timeline.png?actor=TR,RU`);
    expect(after.status).toBe(200);
    expect([...Buffer.from(await after.arrayBuffer()).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  });
});

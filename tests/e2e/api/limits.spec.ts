import http from "node:http";
import { expect, test } from "@playwright/test";
import { E2E_PORT } from "../env";
import { expectError } from "../helpers/expect-error";
import { ADMIN_AUTH } from "../helpers/session";

// Body caps and page sizes, on the shared server: every request here is refused or only reads.

/**
 * Streams a chunked body (no Content-Length) of up to `total` bytes and reports the status and how much was
 * written before the server answered: a server that buffered the whole body first would answer only at the end.
 */
function streamBody(path: string, total: number): Promise<{ status: number; written: number; body: string }> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = http.request(
      {
        host: "127.0.0.1",
        port: E2E_PORT,
        path,
        method: "POST",
        headers: { ...ADMIN_AUTH, "content-type": "application/json", "transfer-encoding": "chunked" },
      },
      (res) => {
        answered = true;
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, written, body }));
      },
    );
    req.on("error", (error) => {
      // The server may reset the connection after answering; the answer is what counts.
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (!answered && written < total) {
        written += chunk.length;
        if (!req.write(chunk)) {
          req.once("drain", pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    req.write('{"text":"');
    pump();
  });
}

test.describe("[LIMITS] request bodies", () => {
  test("a chunked body past the cap is cut off while it streams: 413 long before all of it is sent", async () => {
    const total = 64 * 1024 * 1024;
    const res = await streamBody("/api/reports", total);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe("payload_too_large");
    // The ingest cap is 3 MB; socket buffers let some more through before the answer arrives.
    expect(res.written).toBeLessThan(total / 2);
  });

  test("a declared Content-Length past each route's cap is 413 before anything is read", async ({ request }) => {
    const caps: [string, string, number][] = [
      ["POST", "/api/reports", 3_000_000],
      ["POST", "/api/reports/preview", 3_000_000],
      ["POST", "/api/stances", 64_000],
      ["PATCH", "/api/stances/1", 64_000],
      ["POST", "/api/topics", 200_000],
      ["POST", "/api/webhooks", 16_000],
      ["POST", "/api/session", 8_000],
    ];
    for (const [method, path, cap] of caps) {
      const res = await request.fetch(path, {
        method,
        headers: { ...ADMIN_AUTH, "content-type": "application/json" },
        data: `"${"x".repeat(cap)}"`,
      });
      await expectError(res, 413, { code: "payload_too_large" });
    }
  });
});

test.describe("[LIMITS] page sizes", () => {
  test("a limit past the maximum is capped at 1000 rows (JSON pages), never refused or honoured", async ({
    request,
  }) => {
    for (const path of ["/api/stances?limit=1000000", "/api/reports?limit=1000000"]) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(200);
      expect((await res.json()).items.length).toBeLessThanOrEqual(1000);
    }
    for (const path of ["/api/stances?limit=0", "/api/reports?limit=-5", "/api/stances?limit=1e9"]) {
      await expectError(await request.get(path), 400, { code: "bad_request" });
    }
    await expectError(await request.get("/api/stances/summary?maxGroups=5001"), 400, { code: "bad_request" });
  });
});

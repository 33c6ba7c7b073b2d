import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "vitest";
import { createHttpImportBackend, retryAfterMs } from "@/server/import/http";

test("an import through the API waits as long as a 429 asks and sends the report again, instead of failing it", async () => {
  let posts = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      posts++;
      if (posts <= 2) {
        res.writeHead(429, { "content-type": "application/json", "retry-after": String(posts * 3) });
        res.end(JSON.stringify({ error: { code: "rate_limited", message: "Too many writes" } }));
        return;
      }
      res.writeHead(201, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: 42, reportStances: [{ actor: "TR", stance: "support" }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const waits: number[] = [];
  const backend = createHttpImportBackend({
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token: "t".repeat(16),
    dryRun: false,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  const stored = await backend.storeReport({
    title: "t",
    outlet: "o",
    publishedOn: "2023-10-01",
    topic: "karabakh-2023",
    text: "x",
  } as never);
  expect(stored).toEqual({ status: "added", reportId: 42, stances: [{ actor: "TR", stance: "support" }] });
  expect(posts).toBe(3);
  expect(waits).toEqual([3000, 6000]);
  await new Promise<void>((r) => server.close(() => r()));
});

test("Retry-After in seconds, bounded; anything else is a second", () => {
  expect(retryAfterMs("2")).toBe(2000);
  expect(retryAfterMs("100000")).toBe(300_000);
  expect(retryAfterMs(null)).toBe(1000);
  expect(retryAfterMs("soon")).toBe(1000);
});

import { expect, test } from "@playwright/test";
import { ADMIN_AUTH } from "../helpers/session";

// Refused requests only: nothing here writes, so the suite runs on the shared server, which has no
// ALLOW_PRIVATE_URLS (webhook URLs on this machine or a private network are refused).
const report = {
  title: "t",
  outlet: "o",
  publishedOn: "2023-10-01",
  topic: "karabakh-2023",
  text: "Ankara backed Baku.",
};

async function reportCount(request: import("@playwright/test").APIRequestContext): Promise<number> {
  return (await (await request.get("/api/reports?limit=1000")).json()).items.length;
}

test.describe("[HARDENING]", () => {
  const hostile: [string, string, RegExp][] = [
    ["20,000 nested brackets", `{"title":${"[".repeat(20_000)}${"]".repeat(20_000)}}`, /nest deeper than 32 levels/],
    ["20,000 nested objects", `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`, /nest deeper/],
    [
      "60,000 keys",
      JSON.stringify({ ...report, ...Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, 0])) }),
      /more than 50000 keys and items/,
    ],
    ["a __proto__ key", `{"__proto__":{"admin":true},"title":"t"}`, /"__proto__" is not a field name/],
    [
      "a constructor key deep down",
      JSON.stringify({ ...report, x: [{ constructor: { prototype: {} } }] }),
      /"constructor"/,
    ],
  ];
  for (const [what, body, message] of hostile) {
    test(`a body with ${what} is a 400 in the error envelope, and nothing is written`, async ({ request }) => {
      const before = await reportCount(request);
      const res = await request.post("/api/reports", {
        headers: { ...ADMIN_AUTH, "content-type": "application/json" },
        data: body,
      });
      expect(res.status()).toBe(400);
      const { error } = await res.json();
      expect(error.code).toBe("bad_request");
      expect(error.message).toMatch(message);
      expect(await reportCount(request)).toBe(before);
    });
  }

  const spellings = [
    "http://localhost:3000/hook",
    "http://127.0.0.1/hook",
    "http://2130706433/hook",
    "http://0x7f000001/hook",
    "http://0177.0.0.1/hook",
    "http://127.1/hook",
    "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/hook",
    "http://172.16.5.4/hook",
    "http://192.168.0.10/hook",
    "http://100.64.1.1/hook",
    "http://[fd00::5]/hook",
    "http://[fe80::1]/hook",
    "http://0.0.0.0/hook",
    "http://224.0.0.251/hook",
    "http://app.localhost/hook",
    "http://[::127.0.0.1]/hook",
    "http://[::]/hook",
    "http://0/hook",
    "http://127.0.0.1./hook",
  ];
  test("a webhook URL on this machine or a private network, in any spelling, is refused with 400", async ({
    request,
  }) => {
    const before = (await (await request.get("/api/webhooks", { headers: ADMIN_AUTH })).json()).items.length;
    for (const url of spellings) {
      const res = await request.post("/api/webhooks", { headers: ADMIN_AUTH, data: { url } });
      expect(res.status(), url).toBe(400);
      const { error } = await res.json();
      expect(error.message, url).toMatch(/Webhooks must reach a public address; set ALLOW_PRIVATE_URLS=1/);
    }
    expect((await (await request.get("/api/webhooks", { headers: ADMIN_AUTH })).json()).items).toHaveLength(before);
  });

  test("a cursor whose decoded value holds control characters is a 400, not a 500", async ({ request }) => {
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
    for (const c of [
      cursor(["shifts", "2023-09-21", 1, "R\u0000U", 1]),
      cursor(["shifts", "2023-09-21", 1, "R\u0007", 1]),
    ]) {
      const res = await request.get(`/api/shifts?cursor=${c}`);
      expect(res.status()).toBe(400);
      expect((await res.json()).error.message).toMatch(/Invalid cursor/);
    }
    const queue = await request.get(`/api/review-queue?cursor=${cursor(["review", "\u0000", 1])}`, {
      headers: ADMIN_AUTH,
    });
    expect(queue.status()).toBe(400);
  });
});

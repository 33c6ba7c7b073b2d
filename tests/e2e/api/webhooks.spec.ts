import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { expect, test } from "@playwright/test";
import { Resvg } from "@resvg/resvg-js";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { xmlText } from "../../../server/xml";
import { urlOf, WEBHOOKS_PORT } from "../helpers/ports";
import { withOwnServer } from "../helpers/server";
import { ADMIN_AUTH } from "../helpers/session";

// Webhooks write (registrations, reports that shift stances), so the suite has its own server and database.
// The server polls its outbox every 100 ms and retries after 300 ms, 900 ms ...; a receiver that does not
// answer is given up on after 1.5 s. Serial: later cases build on the reports stored by earlier ones.
test.describe.configure({ mode: "serial" });
test.use({ baseURL: urlOf(WEBHOOKS_PORT) });
withOwnServer({
  port: WEBHOOKS_PORT,
  name: "webhooks",
  // The receivers listen on this machine: only ALLOW_PRIVATE_URLS=1 lets deliveries reach them.
  env: {
    WEBHOOK_POLL_MS: "100",
    WEBHOOK_RETRY_BASE_MS: "300",
    WEBHOOK_TIMEOUT_MS: "1500",
    ALLOW_PRIVATE_URLS: "1",
  },
});
test.afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

type Attempt = { status: number | null; response: string | null; error: string | null };
type Delivery = { state: string; event: string; shiftId: string; attempts: Attempt[]; payload: unknown };

async function deliveries(request: import("@playwright/test").APIRequestContext, id: number): Promise<Delivery[]> {
  const res = await request.get(`/api/webhooks/${id}/deliveries`, { headers: ADMIN_AUTH });
  return (await res.json()).items;
}

type Hit = { at: number; body: string; headers: IncomingHttpHeaders };
type Receiver = { url: string; hits: Hit[]; close(): Promise<void> };
const receivers: Receiver[] = [];

/** A receiver on this machine: answers with `status`, or never answers when `status` is "hang". */
async function receiver(status: number | "hang"): Promise<Receiver> {
  const hits: Hit[] = [];
  const srv: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      hits.push({ at: Date.now(), body, headers: req.headers });
      if (status === "hang") return;
      res.statusCode = status;
      res.end(status < 300 ? "ok" : "receiver is down");
    });
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const r: Receiver = {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/hooks/stancewatch`,
    hits,
    close: () =>
      new Promise((done) => {
        srv.closeAllConnections();
        srv.close(() => done());
      }),
  };
  receivers.push(r);
  return r;
}

/**
 * What a receiver does (docs/guide.md): the signature is the HMAC of "<timestamp>.<raw body>" with the secret,
 * and the timestamp is at most five minutes old, so a captured delivery cannot be replayed later.
 */
function verified(hit: Hit, secret: string, now = Date.now()): boolean {
  const timestamp = Number(hit.headers["x-stancewatch-timestamp"]);
  if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > 300) return false;
  const expected = `sha256=${createHmac("sha256", secret).update(`${timestamp}.${hit.body}`).digest("hex")}`;
  return hit.headers["x-stancewatch-signature"] === expected;
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const report = (title: string, text: string, publishedOn: string) => ({
  title,
  outlet: "Stancewatch test wire",
  publishedOn,
  topic: "karabakh-2023",
  text,
});

let good: Receiver;
let failing: Receiver;
let hanging: Receiver;
let goodHook: { id: number; secret: string };
let failingHook: { id: number };

test.describe("[WEBHOOKS]", () => {
  test("every webhook route needs the token; bad input is a 400 that says what to fix; unknown ids 404", async ({
    request,
  }) => {
    expect((await request.get("/api/webhooks")).status()).toBe(401);
    expect((await request.post("/api/webhooks", { data: { url: "http://127.0.0.1:9/x" } })).status()).toBe(401);
    expect((await request.delete("/api/webhooks/1")).status()).toBe(401);
    expect((await request.get("/api/webhooks/1/deliveries")).status()).toBe(401);
    const badUrl = await request.post("/api/webhooks", { data: { url: "ftp://example.org" }, headers: ADMIN_AUTH });
    expect(badUrl.status()).toBe(400);
    expect((await badUrl.json()).error.message).toMatch(/http:\/\/ or https:\/\//);
    const extra = await request.post("/api/webhooks", {
      data: { url: "https://example.org", events: [] },
      headers: ADMIN_AUTH,
    });
    expect(extra.status()).toBe(400);
    expect((await extra.json()).error.message).toMatch(/unknown field "events"/);
    expect((await request.delete("/api/webhooks/999", { headers: ADMIN_AUTH })).status()).toBe(404);
    expect((await request.get("/api/webhooks/999/deliveries", { headers: ADMIN_AUTH })).status()).toBe(404);
    expect((await request.get("/api/webhooks/abc/deliveries", { headers: ADMIN_AUTH })).status()).toBe(400);
    expect((await (await request.get("/api/webhooks", { headers: ADMIN_AUTH })).json()).items).toEqual([]);
  });

  test("register a good, a failing and a silent receiver; the secret is shown once", async ({ request }) => {
    good = await receiver(200);
    failing = await receiver(500);
    hanging = await receiver("hang");
    const add = async (url: string, description: string) => {
      const res = await request.post("/api/webhooks", { data: { url, description }, headers: ADMIN_AUTH });
      expect(res.status()).toBe(201);
      return res.json();
    };
    goodHook = await add(good.url, "desk");
    failingHook = await add(failing.url, "flaky relay");
    await add(hanging.url, "black hole");
    expect(goodHook.secret).toMatch(/^whsec_[\w-]{20,}$/);
    const { items } = await (await request.get("/api/webhooks", { headers: ADMIN_AUTH })).json();
    expect(items.map((w: { description: string }) => w.description)).toEqual(["desk", "flaky relay", "black hole"]);
    expect(JSON.stringify(items)).not.toContain(goodHook.secret);
  });

  test("an ingest that creates a shift answers at once; each receiver gets a signed JSON POST, the failing one is retried", async ({
    request,
  }) => {
    // The sample has Turkey in support on 25 Sep and October; a condemnation dated 5 October is a shift back.
    // A preview first, so that the time below is the ingest's and not a cold server compiling the coder's path.
    const warm = await request.post("/api/reports/preview", {
      headers: ADMIN_AUTH,
      data: report("Warm-up", "Ankara, 1 October. The Turkish Foreign Ministry welcomed the talks.", "2023-10-01"),
    });
    expect(warm.status()).toBe(200);
    const started = Date.now();
    const res = await request.post("/api/reports", {
      headers: ADMIN_AUTH,
      data: report(
        "Ankara changes course",
        "Ankara, 5 October. The Turkish Foreign Ministry condemned the operation and demanded that Azerbaijan withdraw its forces (Anadolu, October 5).",
        "2023-10-06",
      ),
    });
    const took = Date.now() - started;
    expect(res.status()).toBe(201);
    const stored = await res.json();
    expect(stored.reportStances).toEqual([expect.objectContaining({ actor: "TR", stance: "condemn" })]);
    // A silent receiver is given 1.5 s per try; the ingest never waits for it.
    expect(took).toBeLessThan(1500);

    const hit = (
      await until(
        "the good receiver",
        async () => good.hits,
        (h) => h.length > 0,
      )
    )[0] as Hit;
    expect(hit.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(hit.headers["x-stancewatch-event"]).toBe("shift.created");
    expect(verified(hit, goodHook.secret)).toBe(true);
    const payload = JSON.parse(hit.body);
    expect(payload).toMatchObject({
      event: "shift.created",
      shift: { actor: "TR", actorName: "Turkey", from: "support", to: "condemn", toDate: "2023-10-05", magnitude: -2 },
    });
    expect(payload.summary).toMatch(/^Turkey moved from support to condemn/);
    expect(payload.shift.evidence.after.evidence).toContain("condemned the operation");
    expect(payload.shift.evidence.after.url).toMatch(new RegExp(`/reports/${stored.id}#coding-\\d+$`));
    expect(payload.shift.evidence.before.evidence).toBeTruthy();

    // The failing receiver is tried again after a wait that grows; the log shows each answer.
    const log = await until(
      "two tries at the failing receiver",
      () => deliveries(request, failingHook.id),
      (items) => (items[0]?.attempts.length ?? 0) >= 2,
    );
    expect(log[0]).toMatchObject({ state: "pending", event: "shift.created" });
    expect(log[0]?.attempts.slice(0, 2).map((a) => a.status)).toEqual([500, 500]);
    expect(log[0]?.attempts[0]?.response).toBe("receiver is down");
    expect(failing.hits.length).toBeGreaterThanOrEqual(2);
    const gaps = failing.hits.slice(1).map((h, i) => h.at - (failing.hits[i] as Hit).at);
    expect(gaps[0]).toBeGreaterThanOrEqual(250);
    const goodLog = await deliveries(request, goodHook.id);
    expect(goodLog).toHaveLength(1);
    expect(goodLog[0]?.state).toBe("delivered");
    expect(goodLog[0]?.attempts).toEqual([expect.objectContaining({ status: 200, response: "ok", error: null })]);
    expect(goodLog[0]?.payload).toEqual(payload);

    // The silent receiver's tries time out, and the log says so.
    const silent = await until(
      "a timed-out try",
      async () => {
        const { items } = await (await request.get("/api/webhooks", { headers: ADMIN_AUTH })).json();
        return deliveries(request, items.find((w: { description: string }) => w.description === "black hole").id);
      },
      (items) => (items[0]?.attempts.length ?? 0) >= 1,
    );
    expect(silent[0]?.attempts[0]).toMatchObject({ status: null, error: "no answer within 1500 ms" });
  });

  test("a report that repeats a stance creates no shift and sends nothing; a review that creates one does", async ({
    request,
  }) => {
    const before = good.hits.length;
    const res = await request.post("/api/reports", {
      headers: ADMIN_AUTH,
      data: report(
        "Ankara holds its line",
        "Ankara, 7 October. The Turkish Foreign Ministry again condemned the operation (Anadolu, October 7).",
        "2023-10-07",
      ),
    });
    expect(res.status()).toBe(201);
    const { stances } = await res.json();
    await new Promise((r) => setTimeout(r, 800));
    expect(good.hits.length).toBe(before);

    // Correcting that condemnation to neutral makes a new shift, condemn to neutral on 7 October.
    const tr = stances.find((s: { actor: string }) => s.actor === "TR");
    const review = await request.patch(`/api/stances/${tr.id}`, {
      headers: ADMIN_AUTH,
      data: { action: "correct", stance: "neutral", note: "read again" },
    });
    expect(review.status()).toBe(200);
    const hits = await until(
      "the review's shift",
      async () => good.hits,
      (h) => h.length > before,
    );
    const payload = JSON.parse((hits.at(-1) as Hit).body);
    expect(payload.shift).toMatchObject({ actor: "TR", from: "condemn", to: "neutral", toDate: "2023-10-07" });

    const shifts = (await (await request.get("/api/shifts?actor=TR")).json()).items;
    expect(shifts.map((s: { from: string; to: string }) => `${s.from}>${s.to}`)).toEqual([
      "condemn>neutral",
      "support>condemn",
    ]);
  });

  test("removing a webhook stops its deliveries and deletes its log", async ({ request }) => {
    const del = await request.delete(`/api/webhooks/${failingHook.id}`, { headers: ADMIN_AUTH });
    expect(del.status()).toBe(200);
    expect((await request.get(`/api/webhooks/${failingHook.id}/deliveries`, { headers: ADMIN_AUTH })).status()).toBe(
      404,
    );
    const count = failing.hits.length;
    await new Promise((r) => setTimeout(r, 1200));
    expect(failing.hits.length).toBe(count);
  });

  test("hostile text (markup, a non-breaking space, control characters) still gives a valid feed, SVG and PNG", async ({
    request,
  }) => {
    const res = await request.post("/api/reports", {
      headers: ADMIN_AUTH,
      data: {
        title: 'Berlin <script>alert("x")</script> & co',
        outlet: "Le\u00a0Monde ]]> <b>",
        publishedOn: "2023-10-09",
        topic: "karabakh-2023",
        text: "Berlin, 9 October.\u000c The German Foreign Office welcomed the operation as legitimate <img src=x onerror=alert(1)> (Le\u00a0Monde, October 9).",
      },
    });
    expect(res.status()).toBe(201);
    const feed = await (await request.get("/api/shifts/feed?actor=DE")).text();
    // Nothing XML 1.0 forbids is left in the feed.
    expect(xmlText(feed)).toBe(feed);
    expect(feed).not.toContain("<script>");
    expect(feed).not.toContain("<img");
    expect(XMLValidator.validate(feed)).toBe(true);
    expect(new XMLParser().parse(feed).feed.entry).toBeTruthy();
    for (const chart of ["matrix", "distribution", "timeline"]) {
      const svg = await (await request.get(`/api/export/${chart}.svg?actor=DE`)).text();
      expect(svg).not.toContain("&nbsp;");
      expect(xmlText(svg)).toBe(svg);
      // resvg is a strict XML reader: it refuses HTML entities and raw markup characters in attributes.
      expect(() => new Resvg(svg).render()).not.toThrow();
      const png = await request.get(`/api/export/${chart}.png?actor=DE`);
      expect(png.status()).toBe(200);
    }
  });

  test.describe("[ALERTS]", () => {
    type Side = { codingId: number; confidence: number; status: string };
    type ShiftItem = { id: string; actor: string; toDate: string; evidence: { before: Side; after: Side } };
    const shiftsOf = async (request: import("@playwright/test").APIRequestContext, qs: string) =>
      (await (await request.get(`/api/shifts?${qs}`)).json()).items as ShiftItem[];
    const feedIds = async (request: import("@playwright/test").APIRequestContext, qs: string) =>
      (await (await request.get(`/api/shifts/feed?${qs}`)).text()).match(/<id>[^<]*shifts#[^<]*<\/id>/g) ?? [];
    let reviewedReceiver: Receiver;
    let reviewedHook: { id: number };
    let shift: ShiftItem;

    test("a webhook takes minConfidence and reviewed, shows them in the list, and refuses bad values", async ({
      request,
    }) => {
      reviewedReceiver = await receiver(200);
      const res = await request.post("/api/webhooks", {
        headers: ADMIN_AUTH,
        data: { url: reviewedReceiver.url, description: "reviewed only", reviewed: true, minConfidence: 0.2 },
      });
      expect(res.status()).toBe(201);
      reviewedHook = await res.json();
      expect(reviewedHook).toMatchObject({ reviewed: true, minConfidence: 0.2 });
      const { items } = await (await request.get("/api/webhooks", { headers: ADMIN_AUTH })).json();
      expect(items.find((w: { id: number }) => w.id === reviewedHook.id)).toMatchObject({
        reviewed: true,
        minConfidence: 0.2,
      });
      for (const data of [{ minConfidence: 1.5 }, { minConfidence: "high" }, { reviewed: "yes" }]) {
        const bad = await request.post("/api/webhooks", { headers: ADMIN_AUTH, data: { url: good.url, ...data } });
        expect(bad.status()).toBe(400);
        expect((await bad.json()).error.message).toMatch(
          /minConfidence must be a number from 0 to 1|reviewed must be true or false/,
        );
      }
    });

    test("two reports make a new shift: both sides carry confidence and status; reviewed filters leave it out", async ({
      request,
    }) => {
      const post = (title: string, text: string, publishedOn: string) =>
        request.post("/api/reports", { headers: ADMIN_AUTH, data: report(title, text, publishedOn) });
      expect(
        (
          await post(
            "Paris backs the talks",
            "Paris, 1 November. The French Foreign Ministry welcomed the operation's end and praised Baku.",
            "2023-11-01",
          )
        ).status(),
      ).toBe(201);
      expect(
        (
          await post(
            "Paris hardens",
            "Paris, 9 November. The French Foreign Ministry condemned the operation and the displacement it caused.",
            "2023-11-09",
          )
        ).status(),
      ).toBe(201);
      const made = (await shiftsOf(request, "actor=FR")).find((s) => s.toDate === "2023-11-09");
      expect(made).toBeTruthy();
      shift = made as ShiftItem;
      for (const side of [shift.evidence.before, shift.evidence.after]) {
        expect(side.confidence).toBeGreaterThanOrEqual(0);
        expect(side.confidence).toBeLessThanOrEqual(1);
        expect(side.status).toBe("auto");
      }
      expect((await shiftsOf(request, "actor=FR&reviewed=true")).map((s) => s.id)).not.toContain(shift.id);
      expect((await feedIds(request, "actor=FR&reviewed=true")).join()).not.toContain(encodeURIComponent(shift.id));
      expect((await feedIds(request, "actor=FR")).join()).toContain(encodeURIComponent(shift.id));
      const above = Math.min(1, Math.max(shift.evidence.before.confidence, shift.evidence.after.confidence) + 0.001);
      expect((await shiftsOf(request, `actor=FR&minConfidence=${above}`)).map((s) => s.id)).not.toContain(shift.id);
      const floor = Math.min(shift.evidence.before.confidence, shift.evidence.after.confidence);
      expect((await shiftsOf(request, `actor=FR&minConfidence=${floor}`)).map((s) => s.id)).toContain(shift.id);
      // The webhook without a standing hears of it; the reviewed one does not.
      await until(
        "the shift at the plain receiver",
        async () => good.hits.map((h) => JSON.parse(h.body).shift.id),
        (ids) => ids.includes(shift.id),
      );
      // Deliveries are queued in the write's own transaction: the log is complete once the write has answered.
      expect((await deliveries(request, reviewedHook.id)).filter((d) => d.shiftId === shift.id)).toEqual([]);
      expect(reviewedReceiver.hits).toEqual([]);
    });

    test("confirmed through PATCH, the shift is reviewed: listed under reviewed=true and sent once to the reviewed webhook", async ({
      request,
    }) => {
      const confirm = (id: number) =>
        request.patch(`/api/stances/${id}`, { headers: ADMIN_AUTH, data: { action: "confirm" } });
      expect((await confirm(shift.evidence.before.codingId)).status()).toBe(200);
      expect((await shiftsOf(request, "actor=FR&reviewed=true")).map((s) => s.id)).not.toContain(shift.id);
      const saved = await confirm(shift.evidence.after.codingId);
      expect(saved.status()).toBe(200);
      const listed = (await shiftsOf(request, "actor=FR&reviewed=true")).find((s) => s.id === shift.id);
      expect(listed?.evidence.before.status).toBe("confirmed");
      expect(listed?.evidence.after.status).toBe("confirmed");
      expect((await feedIds(request, "actor=FR&reviewed=true")).join()).toContain(encodeURIComponent(shift.id));
      // Confirming the first coding may complete an earlier shift too (it is that one's second coding): only this
      // shift is counted here.
      const ofShift = () => reviewedReceiver.hits.filter((h) => JSON.parse(h.body).shift.id === shift.id);
      const hits = await until(
        "the reviewed shift",
        async () => ofShift(),
        (h) => h.length > 0,
      );
      expect(JSON.parse((hits[0] as Hit).body)).toMatchObject({
        reason: "standing",
        shift: { evidence: { before: { status: "confirmed" }, after: { status: "confirmed" } } },
      });
      // Undone and confirmed again: still one delivery.
      const { revision } = await saved.json();
      const undo = await request.post(`/api/stances/${shift.evidence.after.codingId}/revert`, {
        headers: ADMIN_AUTH,
        data: { revision },
      });
      expect(undo.status()).toBe(200);
      expect((await undo.json()).status).toBe("auto");
      expect((await confirm(shift.evidence.after.codingId)).status()).toBe(200);
      expect((await deliveries(request, reviewedHook.id)).filter((d) => d.shiftId === shift.id)).toHaveLength(1);
      expect(ofShift()).toHaveLength(1);
    });

    test("the review queue lists only automatic codings, least confident first, with the count left", async ({
      request,
    }) => {
      expect((await request.get("/api/review-queue")).status()).toBe(401);
      const all = await (await request.get("/api/review-queue?limit=1000", { headers: ADMIN_AUTH })).json();
      expect(all.items.length).toBeGreaterThan(1);
      expect(all.remaining).toBe(all.items.length);
      const confidences = all.items.map((i: { confidence: number }) => i.confidence);
      expect(confidences).toEqual([...confidences].sort((a, b) => a - b));
      expect(all.items.every((i: { status: string }) => i.status === "auto")).toBe(true);
      expect(all.items[0].context).toEqual({ before: expect.any(String), after: expect.any(String) });
      // Page by page: the same codings in the same order.
      const first = await (await request.get("/api/review-queue?limit=1", { headers: ADMIN_AUTH })).json();
      const next = await (
        await request.get(`/api/review-queue?limit=1&cursor=${first.nextCursor}`, { headers: ADMIN_AUTH })
      ).json();
      expect([first.items[0].id, next.items[0].id]).toEqual([all.items[0].id, all.items[1].id]);
      // A decision takes one off.
      const decided = all.items[0].id;
      expect(
        (await request.patch(`/api/stances/${decided}`, { headers: ADMIN_AUTH, data: { action: "reject" } })).status(),
      ).toBe(200);
      const after = await (await request.get("/api/review-queue?limit=1000", { headers: ADMIN_AUTH })).json();
      expect(after.remaining).toBe(all.remaining - 1);
      expect(after.items.map((i: { id: number }) => i.id)).not.toContain(decided);
      // A ceiling at the lowest confidence there is: exactly the codings at it; just below it, none.
      const lowest = after.items[0].confidence as number;
      const capped = async (ceiling: number) =>
        (await request.get(`/api/review-queue?maxConfidence=${ceiling}&limit=1000`, { headers: ADMIN_AUTH })).json();
      const atLowest = await capped(lowest);
      const expected = after.items.filter((i: { confidence: number }) => i.confidence <= lowest);
      expect(expected.length).toBeGreaterThan(0);
      expect(atLowest.items.map((i: { id: number }) => i.id)).toEqual(expected.map((i: { id: number }) => i.id));
      expect(atLowest.remaining).toBe(expected.length);
      expect(await capped(Math.round((lowest - 0.001) * 1000) / 1000)).toMatchObject({ items: [], remaining: 0 });
    });

    const bad: [string, RegExp][] = [
      ["/api/shifts?minConfidence=1.5", /minConfidence must be a number from 0 to 1/],
      ["/api/shifts?minConfidence=-0.1", /minConfidence must be a number from 0 to 1/],
      ["/api/shifts?reviewed=maybe", /reviewed must be true or false/],
      ["/api/shifts/feed?minConfidence=1.5", /minConfidence must be a number from 0 to 1/],
      ["/api/shifts/feed?reviewed=yes", /reviewed must be true or false/],
      ["/api/review-queue?maxConfidence=2", /maxConfidence must be a number from 0 to 1/],
      ["/api/review-queue?cursor=abc", /Invalid cursor/],
      ["/api/review-queue?actor=XX", /Valid codes/],
      ["/api/review-queue?status=auto", /unknown parameter/],
    ];
    for (const [url, message] of bad) {
      test(`400 for ${url}, in the error envelope`, async ({ request }) => {
        const res = await request.get(url, { headers: ADMIN_AUTH });
        expect(res.status()).toBe(400);
        expect((await res.json()).error).toMatchObject({
          code: "bad_request",
          message: expect.stringMatching(message),
        });
      });
    }

    test("an undo with nothing to undo, or naming an old revision, is a 409 that changes nothing", async ({
      request,
    }) => {
      const { items } = await (await request.get("/api/review-queue?limit=1", { headers: ADMIN_AUTH })).json();
      const id = items[0].id;
      const none = await request.post(`/api/stances/${id}/revert`, { headers: ADMIN_AUTH, data: {} });
      expect(none.status()).toBe(409);
      const one = await (
        await request.patch(`/api/stances/${id}`, { headers: ADMIN_AUTH, data: { action: "confirm" } })
      ).json();
      await request.patch(`/api/stances/${id}`, { headers: ADMIN_AUTH, data: { action: "reject" } });
      const stale = await request.post(`/api/stances/${id}/revert`, {
        headers: ADMIN_AUTH,
        data: { revision: one.revision },
      });
      expect(stale.status()).toBe(409);
      expect((await stale.json()).error.message).toMatch(/changed after revision/);
      expect((await request.post(`/api/stances/${id}/revert`, { data: {} })).status()).toBe(401);
    });
  });

  test("[HARDENING] a receiver answering junk bytes gets the shift once, signed over the timestamp; the log says delivered after one try", async ({
    request,
  }) => {
    // A raw socket: an HTTP 200 whose body holds NUL, bytes that are not UTF-8 and half a surrogate pair.
    const hits: Hit[] = [];
    const junk = Buffer.from([0x6f, 0x6b, 0x00, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x00, 0xc3]);
    const srv = createNetServer((socket) => {
      let raw = "";
      socket.on("data", (chunk) => {
        raw += chunk.toString("latin1");
        const end = raw.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = raw.slice(0, end);
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        const body = raw.slice(end + 4);
        if (Buffer.byteLength(body, "latin1") < length) return;
        const headers = Object.fromEntries(
          head
            .split("\r\n")
            .slice(1)
            .map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]),
        );
        hits.push({ at: Date.now(), body: Buffer.from(body, "latin1").toString("utf8"), headers });
        socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${junk.length}\r\n\r\n`), junk]));
      });
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    receivers.push({ url: "", hits, close: () => new Promise((done) => srv.close(() => done())) });
    const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/junk`;
    const res = await request.post("/api/webhooks", {
      headers: ADMIN_AUTH,
      data: { url, description: "junk answers" },
    });
    expect(res.status()).toBe(201);
    const hook = await res.json();
    // A new shift: Germany, in support since 9 October (above), condemns on 1 December.
    const report = await request.post("/api/reports", {
      headers: ADMIN_AUTH,
      data: {
        title: "Berlin turns (junk receiver)",
        outlet: "Stancewatch test wire",
        publishedOn: "2023-12-01",
        topic: "karabakh-2023",
        text: "Berlin, 1 December. The German Foreign Office condemned the operation and the expulsion of Armenians.",
      },
    });
    expect(report.status()).toBe(201);
    const log = await until(
      "the junk receiver's delivery recorded",
      () => deliveries(request, hook.id),
      (items) => items.length > 0 && items.every((d) => d.state !== "pending"),
    );
    expect(log).toHaveLength(1);
    expect(log[0]?.state).toBe("delivered");
    expect(log[0]?.attempts).toHaveLength(1);
    expect(log[0]?.attempts[0]?.status).toBe(200);
    expect(log[0]?.attempts[0]?.response).toMatch(/^ok/);
    expect(log[0]?.attempts[0]?.response).not.toContain("\u0000");
    expect(hits).toHaveLength(1);
    expect(verified(hits[0] as Hit, hook.secret)).toBe(true);
    // Replayed ten minutes later, the same delivery no longer verifies.
    expect(verified(hits[0] as Hit, hook.secret, Date.now() + 600_000)).toBe(false);
    // Delivered is final: only pending deliveries are ever claimed again.
  });
});

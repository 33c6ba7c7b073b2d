import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type APIRequestContext, expect, test } from "@playwright/test";
import type { SourceItem } from "../../../contracts/sources";
import { articlePage, atomFeed, type LocalSite, localSite, PAGE_CHROME, rssFeed } from "../../unit/server/sources/site";
import { expectError } from "../helpers/expect-error";
import { SOURCES_PORT, urlOf } from "../helpers/ports";
import { withOwnServer } from "../helpers/server";
import { ADMIN_AUTH } from "../helpers/session";

// Sources from outside: a server of its own that polls every half second, following feeds of a local site (its
// own HTTP server on 127.0.0.1: ALLOW_PRIVATE_URLS=1 lets the server reach it, and the webhook receiver too).
// The ministries' statements below are written for this test. Serial: later cases build on earlier ones. In the
// faults project: it waits a minute and more for a source's own schedule. Runs on both databases.
test.describe.configure({ mode: "serial" });
test.use({ baseURL: urlOf(SOURCES_PORT) });
withOwnServer({
  port: SOURCES_PORT,
  name: "sources",
  env: {
    ALLOW_PRIVATE_URLS: "1",
    SOURCES_POLL_MS: "500",
    WEBHOOK_POLL_MS: "200",
    WEBHOOK_RETRY_BASE_MS: "500",
    WEBHOOK_TIMEOUT_MS: "2000",
  },
});

let site: LocalSite;
let receiver: Receiver;
test.beforeAll(async () => {
  site = await localSite();
  receiver = await startReceiver();
});
test.afterAll(async () => {
  await site?.close();
  await receiver?.close();
});

type Hit = { body: string; headers: IncomingHttpHeaders };
type Receiver = { url: string; hits: Hit[]; close(): Promise<void> };

/** A webhook receiver on this machine that answers 200. */
async function startReceiver(): Promise<Receiver> {
  const hits: Hit[] = [];
  const srv: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      hits.push({ body, headers: req.headers });
      res.end("ok");
    });
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/hooks`,
    hits,
    close: () =>
      new Promise((done) => {
        srv.closeAllConnections();
        srv.close(() => done());
      }),
  };
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 600)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

type Source = SourceItem;

async function sources(request: APIRequestContext): Promise<Source[]> {
  const res = await request.get("/api/sources", { headers: ADMIN_AUTH });
  expect(res.status()).toBe(200);
  return (await res.json()).items;
}

async function source(request: APIRequestContext, id: number): Promise<Source> {
  const found = (await sources(request)).find((s) => s.id === id);
  if (!found) throw new Error(`source ${id} is not listed`);
  return found;
}

async function addSource(request: APIRequestContext, data: Record<string, unknown>): Promise<Source> {
  const res = await request.post("/api/sources", { headers: ADMIN_AUTH, data: { topic: "karabakh-2023", ...data } });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

type Report = {
  id: number;
  title: string;
  outlet: string;
  url: string | null;
  publishedOn: string;
  body: string;
  source: { id: number; name: string } | null;
  codings: { actor: string; stance: string }[];
};

async function reportsOf(request: APIRequestContext, outlet: string): Promise<Report[]> {
  const res = await request.get(`/api/reports?outlet=${encodeURIComponent(outlet)}`);
  expect(res.status()).toBe(200);
  const items: { id: number }[] = (await res.json()).items;
  return Promise.all(items.map(async ({ id }) => (await request.get(`/api/reports/${id}`)).json()));
}

// ---------------------------------------------------------------------------------------------------------------
// The local site's statements (written for this test)

const FRANCE = "Ministry for Europe and Foreign Affairs (test)";
const CONDEMNATION = {
  title: "France condemns the offensive in Nagorno-Karabakh",
  paragraphs: [
    "France firmly condemns the military offensive that Azerbaijan launched yesterday against Nagorno-Karabakh.",
    "The minister called on Baku to cease hostilities at once and to return to negotiations with the Armenians of Karabakh.",
    "France will raise the matter at the Security Council this week.",
  ],
};
const TRADE = {
  title: "The minister receives her Japanese counterpart",
  paragraphs: [
    "The minister received her Japanese counterpart in Paris to discuss trade, research cooperation and the exhibition planned for next spring.",
    "They agreed to meet again in Tokyo before the end of the year.",
  ],
};
/** Around the article, sentences that would be coded were the page read whole: Turkey's support, Russia's. */
const TRAPS = {
  related: "Turkey welcomes the successful operation of Azerbaijan in Karabakh",
  cookies: "Russia supports the operation of Azerbaijan. We use cookies on this site.",
};
const withTraps = (html: string) =>
  html.replace(PAGE_CHROME.related[0] as string, TRAPS.related).replace(PAGE_CHROME.cookie, TRAPS.cookies);

const RUSSIA = "Ministry of Foreign Affairs of Russia (test)";
const RESTRAINT = {
  title: "Moscow calls for restraint",
  paragraphs: [
    "Russia calls on both sides to stop the fighting in Karabakh and to return to the negotiating table.",
    "The ministry urged Baku and Yerevan to show restraint and to protect the civilian population.",
  ],
};
const TURN = {
  title: "Russia condemns the offensive",
  paragraphs: [
    "Russia condemns the military operation of Azerbaijan in Karabakh.",
    "The ministry denounced the offensive as a grave violation of the ceasefire that Russian peacekeepers were there to uphold.",
  ],
};

const GERMANY = "Federal Foreign Office (test)";
const GERMAN_STATEMENT = [
  "Germany condemns the military attack by Azerbaijan on Nagorno-Karabakh.",
  "The Federal Foreign Office called on Baku to stop the offensive immediately and to protect the civilian population.",
  "Germany stands with the people of Karabakh.",
  "The ministry will follow the situation closely.",
];

function franceFeed() {
  return {
    type: "application/rss+xml; charset=utf-8",
    body: rssFeed("Ministère de l'Europe et des Affaires étrangères", [
      { title: TRADE.title, link: "/fr/trade", guid: "fr-trade", date: "2023-09-22T08:00:00Z", description: "Trade." },
      {
        title: CONDEMNATION.title,
        link: "/fr/karabakh",
        guid: "fr-karabakh",
        date: "2023-09-20T16:00:00Z",
        description: "France condemns the offensive.",
      },
    ]),
  };
}

function russiaFeed(withTurn: boolean) {
  const items = [
    { title: RESTRAINT.title, link: "/ru/restraint", guid: "ru-1", date: "2023-09-20T11:00:00Z" },
    ...(withTurn ? [{ title: TURN.title, link: "/ru/turn", guid: "ru-2", date: "2023-10-05T11:00:00Z" }] : []),
  ].reverse();
  return { type: "application/rss+xml", body: rssFeed("MID Rossii", items) };
}

/** The HMAC a receiver checks (docs/guide.md). */
function verified(hit: Hit, secret: string): boolean {
  const timestamp = Number(hit.headers["x-stancewatch-timestamp"]);
  const expected = `sha256=${createHmac("sha256", secret).update(`${timestamp}.${hit.body}`).digest("hex")}`;
  return hit.headers["x-stancewatch-signature"] === expected;
}

let france: Source;
let russia: Source;
let germany: Source;
let hook: { id: number; secret: string };

test.describe("[SOURCES]", () => {
  test("every source route needs the admin token, the list too (401)", async ({ request }) => {
    const body = { url: "https://example.org/feed.xml", topic: "karabakh-2023", name: "X" };
    await expectError(await request.get("/api/sources"), 401, { code: "unauthorized" });
    await expectError(await request.post("/api/sources", { data: body }), 401, { code: "unauthorized" });
    await expectError(await request.post("/api/sources/preview", { data: body }), 401, { code: "unauthorized" });
    await expectError(await request.get("/api/sources/1"), 401, { code: "unauthorized" });
    await expectError(await request.patch("/api/sources/1", { data: { active: false } }), 401, {
      code: "unauthorized",
    });
    await expectError(await request.delete("/api/sources/1"), 401, { code: "unauthorized" });
    await expectError(await request.post("/api/sources/1/poll"), 401, { code: "unauthorized" });
    expect(await sources(request)).toEqual([]);
  });

  test("a page that is not a feed, an address that does not answer, a bad body: 400 saying what is wrong", async ({
    request,
  }) => {
    site.routes["/fr/"] = { body: withTraps(articlePage(TRADE)) };
    const post = (data: Record<string, unknown>) =>
      request.post("/api/sources", { headers: ADMIN_AUTH, data: { topic: "karabakh-2023", name: "X", ...data } });
    await expectError(await post({ url: site.url("/fr/") }), 400, {
      code: "bad_request",
      message: /^Invalid body: url: http:\/\/127\.0\.0\.1:\d+\/fr\/ is not an RSS, Atom or JSON feed/,
    });
    await expectError(await post({ url: "http://127.0.0.1:9/feed.xml" }), 400, /the feed could not be read: .*refused/);
    await expectError(await post({ url: site.url("/nothing.xml") }), 400, /could not be read: HTTP 404/);
    await expectError(await post({ url: "ftp://example.org/feed" }), 400, /url must be the http:\/\/ or https:\/\//);
    await expectError(await post({ url: site.url("/fr/"), topic: "atlantis" }), 400, /Unknown topic "atlantis"/);
    await expectError(
      await post({ url: site.url("/fr/"), intervalMinutes: 0 }),
      400,
      /intervalMinutes must be at least 1/,
    );
    expect(await sources(request)).toEqual([]);
  });

  test("an RSS source whose items link to article pages adds each article once, as a report of the outlet with its link, holding only the article", async ({
    request,
  }) => {
    test.setTimeout(90_000);
    site.routes["/fr/rss.xml"] = franceFeed();
    site.routes["/fr/karabakh"] = { body: withTraps(articlePage(CONDEMNATION)) };
    site.routes["/fr/trade"] = { body: withTraps(articlePage(TRADE)) };
    france = await addSource(request, { url: site.url("/fr/rss.xml"), name: FRANCE, intervalMinutes: 60 });
    expect(france).toMatchObject({
      name: FRANCE,
      url: site.url("/fr/rss.xml"),
      topic: "karabakh-2023",
      language: null,
      match: null,
      intervalMinutes: 60,
      active: true,
      lastPolledAt: null,
      reportsAdded: 0,
    });
    await expectError(
      await request.post("/api/sources", {
        headers: ADMIN_AUTH,
        data: { url: site.url("/fr/rss.xml"), topic: "karabakh-2023", name: "Again" },
      }),
      409,
      /already source \d+/,
    );

    // Due at once: the poller takes it within a second or so.
    const polled = await until(
      "the first poll",
      () => source(request, france.id),
      (s) => s.lastPolledAt !== null,
    );
    expect(polled).toMatchObject({ lastStatus: "ok", lastError: null, itemsSeen: 2, reportsAdded: 1, itemsSkipped: 1 });
    expect(Date.parse(polled.nextPollAt as string) - Date.parse(polled.lastPolledAt as string)).toBe(60 * 60_000);

    const reports = await reportsOf(request, FRANCE);
    expect(reports).toHaveLength(1);
    const [report] = reports as [Report];
    expect(report).toMatchObject({
      title: CONDEMNATION.title,
      outlet: FRANCE,
      url: site.url("/fr/karabakh"),
      publishedOn: "2023-09-20",
      source: { id: france.id, name: FRANCE },
    });
    for (const paragraph of CONDEMNATION.paragraphs) expect(report.body).toContain(paragraph);
    for (const chrome of [...PAGE_CHROME.nav, PAGE_CHROME.footer, TRAPS.related, TRAPS.cookies, "cookies"]) {
      expect(report.body).not.toContain(chrome);
    }
    expect(report.body).not.toContain(CONDEMNATION.title);
    // The codes come from the article alone: France condemns; Turkey and Russia, named only around it, are not coded.
    expect(new Set(report.codings.map((c) => `${c.actor} ${c.stance}`))).toEqual(new Set(["FR condemn"]));
    expect(site.hits.get("/fr/karabakh")).toBe(1);

    // A second poll adds nothing, and fetches no article again.
    const again = await request.post(`/api/sources/${france.id}/poll`, { headers: ADMIN_AUTH });
    expect(again.status()).toBe(200);
    expect(await again.json()).toEqual({ added: 0, duplicates: 0, skipped: 0, failed: 0 });
    expect(site.hits.get("/fr/karabakh")).toBe(1);
    expect(await reportsOf(request, FRANCE)).toHaveLength(1);
    expect(await source(request, france.id)).toMatchObject({ itemsSeen: 2, reportsAdded: 1 });

    // The preview says what a source of this feed would keep: the statement is stored already, the trade item off topic.
    const preview = await request.post("/api/sources/preview", {
      headers: ADMIN_AUTH,
      data: { url: site.url("/fr/rss.xml"), topic: "karabakh-2023" },
    });
    expect(preview.status()).toBe(200);
    expect(await preview.json()).toMatchObject({
      format: "rss",
      items: [
        { title: TRADE.title, kept: false, reason: expect.stringMatching(/names none of the topic's parties/) },
        { title: CONDEMNATION.title, kept: false, reason: `already stored as report ${report.id}` },
      ],
    });
  });

  test("a new item is picked up on the source's own schedule (every minute) and makes the expected shift, which the webhooks hear of", async ({
    request,
  }) => {
    test.setTimeout(240_000);
    const res = await request.post("/api/webhooks", { headers: ADMIN_AUTH, data: { url: receiver.url } });
    expect(res.status()).toBe(201);
    hook = await res.json();

    site.routes["/ru/rss.xml"] = russiaFeed(false);
    site.routes["/ru/restraint"] = { body: articlePage(RESTRAINT) };
    site.routes["/ru/turn"] = { body: articlePage(TURN) };
    russia = await addSource(request, { url: site.url("/ru/rss.xml"), name: RUSSIA, intervalMinutes: 1 });
    await until(
      "the call for restraint",
      () => source(request, russia.id),
      (s) => s.reportsAdded === 1,
    );
    const [restraint] = await reportsOf(request, RUSSIA);
    expect(new Set(restraint?.codings.map((c) => `${c.actor} ${c.stance}`))).toEqual(new Set(["RU neutral"]));

    // A new statement: nobody asks for a poll; the source's own interval brings it in.
    site.routes["/ru/rss.xml"] = russiaFeed(true);
    const published = Date.now();
    const after = await until(
      "the new item, on the source's schedule",
      () => source(request, russia.id),
      (s) => s.reportsAdded === 2,
      150_000,
    );
    expect(Date.now() - published).toBeLessThan(150_000);
    expect(after).toMatchObject({ lastStatus: "ok", itemsSeen: 2 });

    // Russia, in support on 21 September (the sample), condemns on 5 October: a shift.
    const shifts = await (await request.get("/api/shifts?actor=RU")).json();
    const turn = shifts.items.find((s: { toDate: string }) => s.toDate === "2023-10-05");
    expect(turn).toMatchObject({ actor: "RU", from: "support", to: "condemn", topicSlug: "karabakh-2023" });
    expect(turn.evidence.after.reportOutlet).toBe(RUSSIA);
    const hit = await until(
      "the shift's webhook delivery",
      async () => receiver.hits.find((h) => JSON.parse(h.body).shift?.id === turn.id),
      (h) => h !== undefined,
    );
    expect(hit?.headers["x-stancewatch-event"]).toBe("shift.created");
    expect(verified(hit as Hit, hook.secret)).toBe(true);
  });

  test("an Atom source with the whole article inline is coded from it, no page fetched", async ({ request }) => {
    test.setTimeout(60_000);
    site.routes["/de/atom.xml"] = {
      type: "application/atom+xml",
      body: atomFeed("Auswärtiges Amt", [
        {
          title: "Germany condemns the attack",
          guid: "urn:test:de:1",
          link: "/de/attack",
          date: "2023-09-21T09:00:00Z",
          content: GERMAN_STATEMENT.map((p) => `<p>${p}</p>`).join("\n"),
        },
      ]),
    };
    germany = await addSource(request, { url: site.url("/de/atom.xml"), name: GERMANY });
    await until(
      "the Atom item",
      () => source(request, germany.id),
      (s) => s.reportsAdded === 1,
    );
    const [report] = await reportsOf(request, GERMANY);
    expect(report).toMatchObject({
      title: "Germany condemns the attack",
      url: site.url("/de/attack"),
      publishedOn: "2023-09-21",
      body: GERMAN_STATEMENT.join("\n\n"),
    });
    expect(report?.codings.map((c) => `${c.actor} ${c.stance}`)).toContain("DE condemn");
    expect(site.hits.get("/de/attack")).toBeUndefined();
  });

  test("a feed that starts answering 500: the source is kept with lastStatus error and the status in lastError, the app stays healthy, and the third failure in a row sends source.failed", async ({
    request,
  }) => {
    test.setTimeout(60_000);
    site.routes["/fr/rss.xml"] = { status: 500, body: "Internal Server Error" };
    const host = new URL(site.origin).host;
    for (let failures = 1; failures <= 3; failures++) {
      const res = await request.post(`/api/sources/${france.id}/poll`, { headers: ADMIN_AUTH });
      expect(res.status()).toBe(200);
      expect(await res.json()).toEqual({ added: 0, duplicates: 0, skipped: 0, failed: 0 });
      expect(await source(request, france.id)).toMatchObject({
        active: true,
        lastStatus: "error",
        lastError: `HTTP 500 from ${host}`,
        consecutiveFailures: failures,
        broken: failures >= 3,
        reportsAdded: 1,
      });
      const health = await request.get("/api/health");
      expect(health.status()).toBe(200);
      expect((await health.json()).status).toBe("ok");
    }
    const hit = await until(
      "source.failed at the receiver",
      async () => receiver.hits.find((h) => h.headers["x-stancewatch-event"] === "source.failed"),
      (h) => h !== undefined,
    );
    expect(verified(hit as Hit, hook.secret)).toBe(true);
    expect(JSON.parse((hit as Hit).body)).toMatchObject({
      event: "source.failed",
      source: { id: france.id, name: FRANCE, url: site.url("/fr/rss.xml"), topic: "karabakh-2023" },
      consecutiveFailures: 3,
      lastError: `HTTP 500 from ${host}`,
      at: expect.any(String),
    });
    // The delivery log shows it beside the shifts.
    const log = (await (await request.get(`/api/webhooks/${hook.id}/deliveries`, { headers: ADMIN_AUTH })).json())
      .items;
    expect(log.find((d: { event: string }) => d.event === "source.failed")).toMatchObject({ shiftId: null });

    // Back up: the next poll is ok again and the count starts over.
    site.routes["/fr/rss.xml"] = franceFeed();
    await request.post(`/api/sources/${france.id}/poll`, { headers: ADMIN_AUTH });
    expect(await source(request, france.id)).toMatchObject({ lastStatus: "ok", consecutiveFailures: 0, broken: false });
  });

  test("GET /api/sources shows each source's last poll and reports added; pause, then delete (its reports stay)", async ({
    request,
  }) => {
    const listed = await sources(request);
    expect(listed.map((s) => [s.name, s.reportsAdded])).toEqual([
      [FRANCE, 1],
      [RUSSIA, 2],
      [GERMANY, 1],
    ]);
    for (const s of listed) expect(Date.parse(s.lastPolledAt as string)).toBeGreaterThan(0);

    const paused = await request.patch(`/api/sources/${germany.id}`, { headers: ADMIN_AUTH, data: { active: false } });
    expect(paused.status()).toBe(200);
    expect(await paused.json()).toMatchObject({ active: false, nextPollAt: null });
    await expectError(
      await request.patch(`/api/sources/${germany.id}`, { headers: ADMIN_AUTH, data: {} }),
      400,
      /send at least one of active, intervalMinutes, match and name/,
    );

    const gone = await request.delete(`/api/sources/${germany.id}`, { headers: ADMIN_AUTH });
    expect(gone.status()).toBe(200);
    expect(await gone.json()).toEqual({ deleted: germany.id });
    await expectError(await request.get(`/api/sources/${germany.id}`, { headers: ADMIN_AUTH }), 404, /No source/);
    await expectError(await request.post(`/api/sources/${germany.id}/poll`, { headers: ADMIN_AUTH }), 404, /No source/);
    const [kept] = await reportsOf(request, GERMANY);
    expect(kept).toMatchObject({ outlet: GERMANY, source: null });
  });
});

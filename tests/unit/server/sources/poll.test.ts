import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ApiError } from "@/contracts/errors";
import type { Connection, Database } from "@/db/client";
import { getReport, listReports } from "@/db/queries/reports";
import { claimSource, getSource, type PollableSource } from "@/db/queries/sources";
import { pollNow, pollSource, previewSource, registerSource } from "@/server/sources/poll";
import { createTestDatabase } from "../../../helpers/db";
import { articlePage, atomFeed, type LocalSite, localSite, PAGE_CHROME, rssFeed } from "./site";

// The poll service on the database (PGlite, or PostgreSQL with DATABASE_URL) against a local site: registering a
// feed, what a poll adds, skips, finds already stored or fails on, and what it records. The texts are this test's.

let conn: Connection;
let db: Database;
let site: LocalSite;
let privateUrls: string | undefined;

beforeAll(async () => {
  privateUrls = process.env.ALLOW_PRIVATE_URLS;
  process.env.ALLOW_PRIVATE_URLS = "1";
  conn = await createTestDatabase();
  db = conn.db;
  site = await localSite();
});
afterAll(async () => {
  if (privateUrls === undefined) delete process.env.ALLOW_PRIVATE_URLS;
  else process.env.ALLOW_PRIVATE_URLS = privateUrls;
  await site?.close();
  await conn?.close();
});

const CONDEMNATION = {
  title: "France condemns the offensive in Nagorno-Karabakh",
  paragraphs: [
    "France firmly condemns the military offensive that Azerbaijan launched yesterday against Nagorno-Karabakh.",
    "The minister called on Baku to cease hostilities at once and to return to negotiations with the Armenians of Karabakh.",
    "France will raise the matter at the Security Council.",
  ],
};
const TRADE = {
  title: "The minister receives her Japanese counterpart",
  paragraphs: [
    "The minister received her Japanese counterpart in Paris to discuss trade, research cooperation and the exhibition planned for next spring.",
    "They agreed to meet again in Tokyo before the end of the year.",
  ],
};
const RESTRAINT = [
  "Russia calls on both sides to stop the fighting in Karabakh and to return to the negotiating table.",
  "The ministry urged Baku and Yerevan to show restraint and to protect the civilian population.",
  "Moscow remains ready to help the two sides reach an agreement.",
];

/** A related link that would make the coder find Turkey's support, were the page around the article read. */
const TRAP = "Turkey welcomes the successful operation of Azerbaijan in Karabakh";
const withTrap = (html: string) => html.replace(PAGE_CHROME.related[0] as string, TRAP);

async function poll(id: number) {
  const claimed = await claimSource(db, id, 60_000);
  if (claimed === "busy") throw new Error(`source ${id} is busy`);
  return pollSource(db, claimed);
}

async function expectRefused(work: Promise<unknown>, message: RegExp): Promise<void> {
  const error = (await work.then(
    () => null,
    (e: unknown) => e,
  )) as ApiError | null;
  expect(error?.code).toBe("bad_request");
  expect(error?.message).toMatch(message);
}

describe("registering a feed", () => {
  test("a page that is not a feed, an address that does not answer, a private one: 400 with the reason", async () => {
    site.routes["/press/"] = { body: articlePage(TRADE) };
    const body = { topic: "karabakh-2023", name: "Ministry" };
    await expectRefused(
      registerSource(db, { ...body, url: site.url("/press/") }),
      /^Invalid body: url: http:\/\/127\.0\.0\.1:\d+\/press\/ is not an RSS, Atom or JSON feed \(.*is an HTML page/,
    );
    await expectRefused(registerSource(db, { ...body, url: site.url("/nothing.xml") }), /could not be read: HTTP 404/);
    delete process.env.ALLOW_PRIVATE_URLS;
    try {
      await expectRefused(
        registerSource(db, { ...body, url: site.url("/press/rss.xml") }),
        /127\.0\.0\.1 is a loopback address\. Sources must be on a public address; set ALLOW_PRIVATE_URLS=1/,
      );
    } finally {
      process.env.ALLOW_PRIVATE_URLS = "1";
    }
    // The topic first: no request leaves for a source that could not be stored anyway.
    const before = site.requests.length;
    await expect(registerSource(db, { ...body, topic: "nope", url: site.url("/x.xml") })).rejects.toMatchObject({
      kind: "invalid",
    });
    expect(site.requests.length).toBe(before);
  });
});

describe("polling an RSS feed whose items link to article pages", () => {
  let source: PollableSource["id"];

  test("each new article about the topic becomes a report of the outlet, holding only the article's text", async () => {
    site.routes["/fr/rss.xml"] = {
      type: "application/rss+xml",
      body: rssFeed("Ministry for Europe and Foreign Affairs", [
        { title: TRADE.title, link: "/fr/trade", guid: "fr-2", date: "2023-09-22T08:00:00Z", description: "Trade." },
        { title: CONDEMNATION.title, link: "/fr/karabakh", guid: "fr-1", date: "2023-09-20T16:00:00Z" },
      ]),
    };
    site.routes["/fr/karabakh"] = { body: withTrap(articlePage(CONDEMNATION)) };
    site.routes["/fr/trade"] = { body: withTrap(articlePage(TRADE)) };
    const made = await registerSource(db, {
      url: site.url("/fr/rss.xml"),
      topic: "karabakh-2023",
      name: "France MFA (test)",
    });
    source = made.id;
    expect(made).toMatchObject({ active: true, lastStatus: null, reportsAdded: 0, intervalMinutes: 30 });

    expect(await poll(source)).toEqual({ added: 1, duplicates: 0, skipped: 1, failed: 0 });
    const { items } = await listReports(db, { outlet: "France MFA (test)" });
    expect(items).toHaveLength(1);
    const report = await getReport(db, items[0]?.id as number);
    expect(report).toMatchObject({
      title: CONDEMNATION.title,
      outlet: "France MFA (test)",
      url: site.url("/fr/karabakh"),
      publishedOn: "2023-09-20",
      language: "en",
      topicSlug: "karabakh-2023",
      source: { id: source, name: "France MFA (test)" },
    });
    // The page's dateline is part of the article; nothing around it is.
    expect(report.body).toBe(`14 January 2025\n\n${CONDEMNATION.paragraphs.join("\n\n")}`);
    for (const chrome of [...PAGE_CHROME.nav, PAGE_CHROME.cookie, PAGE_CHROME.footer, TRAP]) {
      expect(report.body).not.toContain(chrome);
    }
    // The codes come from the article alone: France condemns; Turkey, named only around the article, is not coded.
    expect(report.codings.map((c) => [c.actor, c.stance])).toEqual([
      ["FR", "condemn"],
      ["FR", "condemn"],
    ]);
    expect(await getSource(db, source)).toMatchObject({
      lastStatus: "ok",
      lastError: null,
      itemsSeen: 2,
      reportsAdded: 1,
      itemsSkipped: 1,
      lastPolledAt: expect.any(String),
    });
  });

  test("a second poll adds nothing and fetches no article again", async () => {
    const hits = site.hits.get("/fr/karabakh");
    expect(await poll(source)).toEqual({ added: 0, duplicates: 0, skipped: 0, failed: 0 });
    expect(site.hits.get("/fr/karabakh")).toBe(hits);
    expect((await listReports(db, { outlet: "France MFA (test)" })).items).toHaveLength(1);
  });

  test("an article that cannot be fetched fails, is not seen, and is added at the next poll", async () => {
    site.routes["/fr/rss.xml"] = {
      type: "application/rss+xml",
      body: rssFeed("Ministry for Europe and Foreign Affairs", [
        { title: "Germany and France", link: "/fr/later", guid: "fr-3", date: "2023-09-23T08:00:00Z" },
      ]),
    };
    site.routes["/fr/later"] = { status: 503, body: "Maintenance" };
    expect(await poll(source)).toEqual({ added: 0, duplicates: 0, skipped: 0, failed: 1 });
    expect(await getSource(db, source)).toMatchObject({ lastStatus: "ok", itemsSeen: 2 });
    site.routes["/fr/later"] = {
      body: articlePage({
        title: "Berlin and Paris on Karabakh",
        // The page says it is French: its <html lang> is taken over the language the text looks like.
        lang: "fr-FR",
        paragraphs: [
          "Germany and France condemn the use of force by Azerbaijan in Karabakh and call for access for humanitarian aid.",
          "The two ministers will travel to the region together.",
        ],
      }),
    };
    expect(await poll(source)).toEqual({ added: 1, duplicates: 0, skipped: 0, failed: 0 });
    expect(await getSource(db, source)).toMatchObject({ itemsSeen: 3, reportsAdded: 2 });
    const later = (await listReports(db, { outlet: "France MFA (test)" })).items.find(
      (r) => r.title === "Germany and France",
    );
    expect(later?.language).toBe("fr");
  });

  test("a feed that answers 304 does not hide an item that failed: its validators are kept only after a whole poll", async () => {
    const feed = rssFeed("Ministry of Foreign Affairs (ETag)", [
      { title: "Statement from Vienna", link: "/etag/article", guid: "etag-1", date: "2023-09-24T08:00:00Z" },
    ]);
    site.routes["/etag/rss.xml"] = (req, res) => {
      if (req.headers["if-none-match"] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' }).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/rss+xml", etag: '"v1"' }).end(feed);
    };
    site.routes["/etag/article"] = { status: 503, body: "Maintenance" };
    const { id } = await registerSource(db, {
      url: site.url("/etag/rss.xml"),
      topic: "karabakh-2023",
      name: "ETag MFA (test)",
    });
    expect(await poll(id)).toEqual({ added: 0, duplicates: 0, skipped: 0, failed: 1 });
    site.routes["/etag/article"] = {
      body: articlePage({
        title: "Statement from Vienna",
        paragraphs: [
          "The ministry is deeply concerned by the military operation of Azerbaijan in Karabakh and calls for an immediate ceasefire.",
          "Humanitarian access to the region must be guaranteed.",
        ],
      }),
    };
    const asked = site.requests.length;
    expect(await poll(id)).toEqual({ added: 1, duplicates: 0, skipped: 0, failed: 0 });
    const feedRequests = () => site.requests.slice(asked).filter((r) => r.path === "/etag/rss.xml");
    expect(feedRequests()[0]?.headers["if-none-match"]).toBeUndefined();
    // After a whole poll the validators are kept: the next poll is a conditional request, answered 304.
    expect(await poll(id)).toEqual({ added: 0, duplicates: 0, skipped: 0, failed: 0 });
    expect(feedRequests()[1]?.headers["if-none-match"]).toBe('"v1"');
  });

  test("an item whose GUID changed but whose link did not is the same article: not added again", async () => {
    const feed = site.routes["/fr/rss.xml"] as { body: string };
    site.routes["/fr/again.xml"] = { type: "application/rss+xml", body: feed.body };
    const { id } = await registerSource(db, {
      url: site.url("/fr/again.xml"),
      topic: "karabakh-2023",
      name: "France MFA (GUIDs change)",
    });
    expect(await poll(id)).toMatchObject({ added: 0, duplicates: 1, failed: 0 });
    site.routes["/fr/again.xml"] = { type: "application/rss+xml", body: feed.body.replaceAll("fr-3", "fr-3-again") };
    expect(await poll(id)).toEqual({ added: 0, duplicates: 0, skipped: 0, failed: 0 });
  });

  test("an article another source already added is a duplicate; match terms decide what is kept", async () => {
    site.routes["/wire/rss.xml"] = {
      type: "application/rss+xml",
      body: rssFeed("Wire", [
        { title: "Paris reacts", link: "/fr/karabakh", guid: "wire-1", date: "2023-09-20T18:00:00Z" },
        { title: "Moscow's call", link: "/ru/restraint", guid: "wire-2", date: "2023-09-20T19:00:00Z" },
      ]),
    };
    site.routes["/ru/restraint"] = {
      body: articlePage({ title: "Moscow calls for restraint", paragraphs: RESTRAINT }),
    };
    const wire = await registerSource(db, {
      url: site.url("/wire/rss.xml"),
      topic: "karabakh-2023",
      name: "Test Wire",
      match: ["Nagorno-Karabakh"],
    });
    expect(await poll(wire.id)).toEqual({ added: 0, duplicates: 1, skipped: 1, failed: 0 });
    expect(await getSource(db, wire.id)).toMatchObject({ itemsSeen: 2, reportsAdded: 0, itemsSkipped: 1 });
    expect(await poll(wire.id)).toEqual({ added: 0, duplicates: 0, skipped: 0, failed: 0 });
  });

  test("a feed that answers 500 is an error of the source, with the status; the poll itself answers nothing added", async () => {
    site.routes["/fr/rss.xml"] = { status: 500, body: "Internal error" };
    expect(await pollNow(db, source)).toEqual({ added: 0, duplicates: 0, skipped: 0, failed: 0 });
    expect(await getSource(db, source)).toMatchObject({
      active: true,
      lastStatus: "error",
      lastError: `HTTP 500 from ${new URL(site.origin).host}`,
      consecutiveFailures: 1,
      broken: false,
    });
    site.routes["/fr/rss.xml"] = { type: "application/json", body: '{"not": "a feed"}' };
    await pollNow(db, source);
    expect(await getSource(db, source)).toMatchObject({
      lastError: expect.stringMatching(/^not a feed: .* is JSON but not a JSON Feed/),
      consecutiveFailures: 2,
    });
  });
});

describe("conditional requests and inline content", () => {
  test("an unchanged feed is a 304: nothing read, the poll is ok", async () => {
    site.routes["/etag/feed.xml"] = (req, res) => {
      if (req.headers["if-none-match"] === '"v7"') res.writeHead(304, { etag: '"v7"' }).end();
      else
        res.writeHead(200, { etag: '"v7"', "content-type": "application/rss+xml" }).end(rssFeed("Quiet ministry", []));
    };
    const made = await registerSource(db, {
      url: site.url("/etag/feed.xml"),
      topic: "karabakh-2023",
      name: "Quiet ministry",
    });
    await poll(made.id);
    await poll(made.id);
    const asked = site.requests.filter((r) => r.path === "/etag/feed.xml").map((r) => r.headers["if-none-match"]);
    expect(asked).toEqual([undefined, undefined, '"v7"']);
    expect(await getSource(db, made.id)).toMatchObject({ lastStatus: "ok", itemsSeen: 0 });
  });

  test("an Atom feed with the whole article inline: coded from it, no page fetched, its language detected", async () => {
    const paragraphs = [
      "Germany condemns the military attack by Azerbaijan on Nagorno-Karabakh.",
      "The Federal Foreign Office called on Baku to stop the offensive immediately and to protect the civilian population.",
      "Germany stands with the people of Karabakh.",
      "The ministry will follow the situation closely.",
    ];
    site.routes["/de/atom.xml"] = {
      type: "application/atom+xml",
      body: atomFeed("Federal Foreign Office", [
        {
          title: "Germany condemns the attack",
          guid: "urn:de:1",
          link: "/de/attack",
          date: "2023-09-21T09:00:00Z",
          content: paragraphs.map((p) => `<p>${p}</p>`).join(""),
        },
      ]),
    };
    const made = await registerSource(db, {
      url: site.url("/de/atom.xml"),
      topic: "karabakh-2023",
      name: "Federal Foreign Office (test)",
    });
    expect(await poll(made.id)).toEqual({ added: 1, duplicates: 0, skipped: 0, failed: 0 });
    expect(site.hits.get("/de/attack")).toBeUndefined();
    const { items } = await listReports(db, { outlet: "Federal Foreign Office (test)" });
    const report = await getReport(db, items[0]?.id as number);
    expect(report).toMatchObject({ body: paragraphs.join("\n\n"), language: "en", publishedOn: "2023-09-21" });
    expect(report.codings.map((c) => [c.actor, c.stance])).toContainEqual(["DE", "condemn"]);
  });
});

describe("previewSource", () => {
  test("the latest items and whether each would be kept, and why not; nothing stored", async () => {
    site.routes["/fr/rss.xml"] = {
      type: "application/rss+xml",
      body: rssFeed("Ministry for Europe and Foreign Affairs", [
        { title: TRADE.title, link: "/fr/trade", guid: "fr-2", date: "2023-09-22T08:00:00Z" },
        { title: CONDEMNATION.title, link: "/fr/karabakh", guid: "fr-1", date: "2023-09-20T16:00:00Z" },
        { title: "Moscow's call", link: "/ru/restraint", guid: "fr-9", date: "2023-09-20T19:00:00Z" },
      ]),
    };
    const before = (await listReports(db, {})).items.length;
    const preview = await previewSource(db, { url: site.url("/fr/rss.xml"), topic: "karabakh-2023" });
    expect(preview).toMatchObject({ format: "rss", title: "Ministry for Europe and Foreign Affairs" });
    expect(preview.items.map((i) => [i.title, i.kept, i.reason])).toEqual([
      [TRADE.title, false, expect.stringMatching(/^names none of the topic's parties \(Azerbaijan/)],
      [CONDEMNATION.title, false, expect.stringMatching(/^already stored as report \d+$/)],
      ["Moscow's call", true, null],
    ]);
    expect((await listReports(db, {})).items.length).toBe(before);
  });
});

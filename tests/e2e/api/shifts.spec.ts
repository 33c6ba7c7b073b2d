import { expect, test } from "@playwright/test";
import { XMLParser, XMLValidator } from "fast-xml-parser";

// Reads only: the sample data, on the shared server. Russia's calls on both sides (19 Sep) and Medvedev's
// warning to Armenia (21 Sep) make the one shift of the seed.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  isArray: (name) => name === "entry" || name === "link",
});

test.describe("[SHIFTS_API]", () => {
  test("GET /api/shifts: Russia from neutral to support, with both sentences, dates and magnitude", async ({
    request,
  }) => {
    const res = await request.get("/api/shifts");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/json; charset=utf-8");
    const { items } = await res.json();
    expect(items).toHaveLength(1);
    const [ru] = items;
    expect(ru).toMatchObject({
      actor: "RU",
      actorName: "Russia",
      topicSlug: "karabakh-2023",
      from: "neutral",
      to: "support",
      fromDate: "2023-09-19",
      toDate: "2023-09-21",
      magnitude: 1,
    });
    expect(ru.evidence.before.evidence).toContain("call on both sides to stop fighting");
    expect(ru.evidence.after.evidence).toContain("One can guess what awaits Armenia");
    expect(ru.evidence.after.reportId).toBe(1);
  });

  test("pages: a cursor only when more follow; a page past the last is empty; a foreign cursor is a 400", async ({
    request,
  }) => {
    expect(await (await request.get("/api/shifts")).json()).toMatchObject({ nextCursor: null });
    const one = await (await request.get("/api/shifts?limit=1")).json();
    expect(one.items).toHaveLength(1);
    expect(one.nextCursor).toBeNull();
    const res = await request.get("/api/shifts?limit=1&cursor=not-a-cursor");
    expect(res.status()).toBe(400);
    expect((await res.json()).error.message).toMatch(/Invalid cursor/);
  });

  test("filters: actor, topic and the date of the change", async ({ request }) => {
    const count = async (qs: string) => (await (await request.get(`/api/shifts?${qs}`)).json()).items.length;
    expect(await count("actor=RU")).toBe(1);
    expect(await count("actor=TR,FR")).toBe(0);
    expect(await count("topic=karabakh-2023&actor=RU,TR")).toBe(1);
    expect(await count("from=2023-09-21&to=2023-09-21")).toBe(1);
    expect(await count("from=2023-09-22")).toBe(0);
    expect(await count("to=2023-09-20")).toBe(0);
  });

  const bad: [string, string, number, RegExp][] = [
    ["unknown actor", "/api/shifts?actor=XX", 400, /Valid codes: TR, RU, US, FR, DE, EU/],
    ["malformed date", "/api/shifts?from=2023-9-1", 400, /from/],
    ["from after to", "/api/shifts?from=2023-10-01&to=2023-09-01", 400, /on or before/],
    ["unknown topic", "/api/shifts?topic=atlantis", 400, /Unknown topic/],
    ["unknown parameter", "/api/shifts?stance=support", 400, /unknown parameter/],
    ["feed: unknown actor", "/api/shifts/feed?actor=XX", 400, /Valid codes/],
    ["feed: bad date", "/api/shifts/feed?to=yesterday", 400, /to/],
  ];
  for (const [name, url, status, message] of bad) {
    test(`${status} ${name}, in the error envelope`, async ({ request }) => {
      const res = await request.get(url);
      expect(res.status()).toBe(status);
      const body = await res.json();
      expect(body.error.code).toBe("bad_request");
      expect(body.error.message).toMatch(message);
    });
  }

  test("405 for writes on the shifts routes", async ({ request }) => {
    for (const url of ["/api/shifts", "/api/shifts/feed"]) {
      const res = await request.post(url, { data: {} });
      expect(res.status()).toBe(405);
      expect(res.headers().allow).toBe("GET");
    }
  });

  test("GET /api/shifts/feed is valid Atom 1.0: one entry per shift naming the actor, the change, the dates and both sentences with links", async ({
    request,
  }) => {
    const res = await request.get("/api/shifts/feed?actor=RU");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/atom+xml; charset=utf-8");
    const xml = await res.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const { feed } = parser.parse(xml);
    expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
    for (const required of ["id", "title", "updated", "author"]) expect(feed[required]).toBeTruthy();
    expect(
      feed.link.some(
        (l: Record<string, string>) =>
          l["@rel"] === "self" && Boolean(l["@href"]?.endsWith("/api/shifts/feed?actor=RU")),
      ),
    ).toBe(true);
    expect(feed.entry).toHaveLength(1);
    const [entry] = feed.entry;
    for (const required of ["id", "title", "updated"]) expect(entry[required]).toBeTruthy();
    expect(Date.parse(entry.updated)).toBe(Date.parse("2023-09-21T00:00:00Z"));
    expect(String(entry.title["#text"] ?? entry.title)).toMatch(
      /Russia moved from neutral to support \(19 Sep 2023 → 21 Sep 2023\)/,
    );
    const content = String(entry.content["#text"] ?? entry.content);
    expect(entry.content["@type"]).toBe("html");
    expect(content).toContain("call on both sides to stop fighting");
    expect(content).toContain("One can guess what awaits Armenia");
    expect(content).toMatch(/href="http:\/\/localhost:\d+\/reports\/1#coding-\d+"/);
    expect(entry.link[0]["@href"]).toMatch(/\/reports\/1#coding-\d+$/);
  });

  test("the feed under a filter that matches nothing is a valid empty feed", async ({ request }) => {
    const res = await request.get("/api/shifts/feed?actor=TR");
    expect(res.status()).toBe(200);
    const xml = await res.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const { feed } = parser.parse(xml);
    expect(feed.entry ?? []).toHaveLength(0);
    expect(feed.title).toBe("Stancewatch: stance shifts (Turkey)");
  });
});

import dns from "node:dns";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { FetchFailed, fetchText, USER_AGENT } from "@/server/sources/fetch";
import { withPrivateUrls } from "../../../helpers/feed-site";
import { type LocalSite, localSite } from "./site";

const STATEMENT =
  "The foreign ministry of Freedonia welcomed the resumption of talks on the river border on Wednesday.";

let site: LocalSite;
let before: string | undefined;

beforeEach(async () => {
  before = process.env.ALLOW_PRIVATE_URLS;
  process.env.ALLOW_PRIVATE_URLS = "1";
  site = await localSite();
});

afterEach(async () => {
  if (before === undefined) delete process.env.ALLOW_PRIVATE_URLS;
  else process.env.ALLOW_PRIVATE_URLS = before;
  await site.close();
});

/** The FetchFailed a fetch must fail with. */
async function failed(promise: Promise<unknown>): Promise<FetchFailed> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchFailed);
  return error as FetchFailed;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("fetchText", () => {
  test("GETs the page with a User-Agent naming Stancewatch and a URL, and answers its text and headers", async () => {
    site.routes["/feed.xml"] = {
      type: "application/rss+xml; charset=utf-8",
      body: `<rss>${STATEMENT}</rss>`,
      headers: { etag: '"v1"', "last-modified": "Tue, 14 Jan 2025 10:00:00 GMT" },
    };
    const answer = await fetchText(site.url("/feed.xml"));
    expect(answer).toEqual({
      status: 200,
      body: `<rss>${STATEMENT}</rss>`,
      contentType: "application/rss+xml; charset=utf-8",
      etag: '"v1"',
      lastModified: "Tue, 14 Jan 2025 10:00:00 GMT",
      notModified: false,
      url: site.url("/feed.xml"),
    });
    expect(USER_AGENT).toMatch(/^Stancewatch\/\d+\.\d+\.\d+ \(\+https?:\/\/\S+; feed reader\)$/);
    expect(site.requests[0]?.headers["user-agent"]).toBe(USER_AGENT);
  });

  test("a conditional request: If-None-Match and If-Modified-Since are sent, and a 304 is notModified", async () => {
    site.routes["/feed.xml"] = (req, res) => {
      if (req.headers["if-none-match"] === '"v1"') res.writeHead(304).end();
      else res.writeHead(200, { etag: '"v1"', "content-type": "application/rss+xml" }).end("<rss/>");
    };
    const first = await fetchText(site.url("/feed.xml"));
    expect(first).toMatchObject({ status: 200, etag: '"v1"', notModified: false, body: "<rss/>" });
    const second = await fetchText(site.url("/feed.xml"), {
      etag: first.etag,
      lastModified: "Tue, 14 Jan 2025 10:00:00 GMT",
    });
    // The 304 names no ETag of its own: the one that was sent still holds.
    expect(second).toMatchObject({ status: 304, notModified: true, body: "", etag: '"v1"' });
    expect(site.requests[1]?.headers["if-none-match"]).toBe('"v1"');
    expect(site.requests[1]?.headers["if-modified-since"]).toBe("Tue, 14 Jan 2025 10:00:00 GMT");
    expect(site.requests[0]?.headers["if-none-match"]).toBeUndefined();
  });

  test("a status that is not 2xx fails with the status and a message naming it and the host", async () => {
    site.routes["/broken"] = { status: 500, body: "Internal error" };
    const error = await failed(fetchText(site.url("/broken")));
    expect(error.status).toBe(500);
    expect(error.message).toBe(`HTTP 500 from ${new URL(site.origin).host}`);
    expect((await failed(fetchText(site.url("/missing")))).status).toBe(404);
  });

  test("no answer within the timeout fails, for a silent server and for a body that trickles", async () => {
    site.routes["/silent"] = async (_req, res) => {
      await sleep(2000);
      res.end("late");
    };
    site.routes["/trickle"] = async (_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      for (let i = 0; i < 20 && !res.destroyed; i++) {
        res.write("<p>More of the statement follows.</p>");
        await sleep(100);
      }
      res.end();
    };
    const started = Date.now();
    const silent = await failed(fetchText(site.url("/silent"), { timeoutMs: 300 }));
    expect(silent.message).toMatch(/^no answer from 127\.0\.0\.1:\d+ within 0\.3 s$/);
    expect(silent.status).toBeNull();
    const trickle = await failed(fetchText(site.url("/trickle"), { timeoutMs: 400 }));
    expect(trickle.message).toMatch(/within 0\.4 s/);
    expect(Date.now() - started).toBeLessThan(1800);
  });

  test("an answer over the size cap fails, with or without Content-Length, and compressed ones by their real size", async () => {
    const big = "x".repeat(5000);
    site.routes["/declared"] = { body: big };
    site.routes["/chunked"] = (_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      for (let i = 0; i < 10; i++) res.write(big.slice(0, 500));
      res.end();
    };
    // 1 MB of spaces compresses to about 1 KB.
    site.routes["/bomb"] = {
      body: gzipSync(Buffer.alloc(1024 * 1024, " ")),
      headers: { "content-encoding": "gzip" },
    };
    for (const path of ["/declared", "/chunked", "/bomb"]) {
      const error = await failed(fetchText(site.url(path), { maxBytes: 4096 }));
      expect(error.message, path).toMatch(/^the answer from 127\.0\.0\.1:\d+ is over 4 KB$/);
    }
    await expect(fetchText(site.url("/declared"), { maxBytes: 5000 })).resolves.toMatchObject({ body: big });
  });

  test("a gzip-compressed answer is decompressed", async () => {
    site.routes["/gz"] = { body: gzipSync(STATEMENT), headers: { "content-encoding": "gzip" } };
    await expect(fetchText(site.url("/gz"))).resolves.toMatchObject({ body: STATEMENT });
    expect(site.requests[0]?.headers["accept-encoding"]).toMatch(/gzip/);
  });

  test("redirects are followed (at most 5), and the answer names the URL that gave it", async () => {
    site.routes["/old/feed"] = { status: 301, body: "", headers: { location: "/r2" } };
    site.routes["/r2"] = { status: 302, body: "", headers: { location: `${site.origin}/r3` } };
    site.routes["/r3"] = { status: 307, body: "", headers: { location: "feeds/news.xml" } };
    site.routes["/feeds/news.xml"] = { type: "application/rss+xml", body: "<rss/>" };
    const answer = await fetchText(site.url("/old/feed"));
    expect(answer).toMatchObject({ status: 200, body: "<rss/>", url: site.url("/feeds/news.xml") });

    for (let i = 0; i < 7; i++)
      site.routes[`/loop${i}`] = { status: 302, body: "", headers: { location: `/loop${i + 1}` } };
    site.routes["/loop7"] = { body: "never reached" };
    const error = await failed(fetchText(site.url("/loop0")));
    expect(error.message).toMatch(/more than 5 redirects from 127\.0\.0\.1/);
    expect(site.hits.get("/loop6")).toBeUndefined();
    expect(site.hits.get("/loop5")).toBe(1);

    site.routes["/to-file"] = { status: 302, body: "", headers: { location: "file:///etc/passwd" } };
    expect((await failed(fetchText(site.url("/to-file")))).message).toMatch(/file: is not http or https/);
  });

  test("the body is decoded by its charset: Content-Type, an XML declaration, an HTML <meta>", async () => {
    const russian = "Министерство иностранных дел осудило блокаду речного порта.";
    const french = "Le ministère a salué la reprise des négociations à Genève.";
    site.routes["/ru"] = {
      type: "text/html; charset=windows-1251",
      body: Buffer.from(new Uint8Array(windows1251(russian))),
    };
    site.routes["/ru.xml"] = {
      type: "application/rss+xml",
      body: Buffer.concat([
        Buffer.from('<?xml version="1.0" encoding="windows-1251"?><rss><title>'),
        Buffer.from(new Uint8Array(windows1251(russian))),
        Buffer.from("</title></rss>"),
      ]),
    };
    site.routes["/fr"] = {
      type: "text/html",
      body: Buffer.concat([
        Buffer.from('<html><head><meta charset="iso-8859-1"></head><body><p>'),
        Buffer.from(french, "latin1"),
        Buffer.from("</p></body></html>"),
      ]),
    };
    expect((await fetchText(site.url("/ru"))).body).toBe(russian);
    expect((await fetchText(site.url("/ru.xml"))).body).toContain(`<title>${russian}</title>`);
    expect((await fetchText(site.url("/fr"))).body).toContain(`<p>${french}</p>`);
    // An unknown charset falls back to UTF-8; control characters never reach the database.
    site.routes["/odd"] = { type: "text/plain; charset=x-unknown", body: `${STATEMENT}\u0000` };
    expect((await fetchText(site.url("/odd"))).body).toBe(`${STATEMENT}\uFFFD`);
  });

  test("private addresses are refused without ALLOW_PRIVATE_URLS=1, before any request reaches them", async () => {
    site.routes["/feed.xml"] = { body: "<rss/>" };
    await withPrivateUrls(undefined, async () => {
      const literal = await failed(fetchText(site.url("/feed.xml")));
      expect(literal.message).toMatch(/127\.0\.0\.1 is a loopback address: refused \(set ALLOW_PRIVATE_URLS=1/);
      expect(literal.status).toBeNull();
      const named = await failed(fetchText(`http://localhost:${new URL(site.origin).port}/feed.xml`));
      expect(named.message).toMatch(/localhost is this machine: refused/);
    });
    expect(site.hits.size).toBe(0);
    await expect(fetchText(site.url("/feed.xml"))).resolves.toMatchObject({ body: "<rss/>" });
  });

  test("each redirect hop is checked again: a redirect to a private address is refused", async () => {
    // The first hop is let through (ALLOW_PRIVATE_URLS=1); the rule is back before the redirect is followed.
    site.routes["/hop"] = (_req, res) => {
      delete process.env.ALLOW_PRIVATE_URLS;
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    };
    const error = await failed(fetchText(site.url("/hop")));
    expect(error.message).toMatch(/169\.254\.169\.254 is a linkLocal address: refused/);
  });

  test("a redirect to a name that resolves to a private address is refused at the connection", async () => {
    site.routes["/hop"] = (_req, res) => {
      delete process.env.ALLOW_PRIVATE_URLS;
      // From here on, every name resolves to a private address (as a resolver an attacker controls would answer).
      vi.spyOn(dns, "lookup").mockImplementation(((_host: string, _options: unknown, callback: unknown) =>
        (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
          { address: "10.0.0.5", family: 4 },
        ])) as unknown as typeof dns.lookup);
      res.writeHead(301, { location: "http://intranet.example/feed.xml" }).end();
    };
    const error = await failed(fetchText(site.url("/hop")));
    vi.restoreAllMocks();
    expect(error.message).toMatch(/intranet\.example resolves to 10\.0\.0\.5, a private address: refused/);
  });

  test("at most 2 requests at a time to one host: the others wait their turn", async () => {
    site.routes["/slow"] = async (_req, res) => {
      await sleep(150);
      res.end(STATEMENT);
    };
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) => fetchText(site.url(`/slow?article=${i}`), { timeoutMs: 2000 })),
    );
    expect(answers.map((a) => a.body)).toEqual(Array(5).fill(STATEMENT));
    expect(site.maxInFlight).toBe(2);
    expect([...site.hits.values()].reduce((a, b) => a + b, 0)).toBe(5);
  });

  test("a request waiting for its turn can be cancelled, and the time it waits is not its timeout", async () => {
    site.routes["/slow"] = async (_req, res) => {
      await sleep(500);
      res.end(STATEMENT);
    };
    const running = [fetchText(site.url("/slow?a")), fetchText(site.url("/slow?b"))];
    const cancel = new AbortController();
    const cancelled = fetchText(site.url("/slow?c"), { signal: cancel.signal });
    // Waits 500 ms for a slot, then needs 500 ms more: an 800 ms timeout counts only the latter.
    const started = Date.now();
    const patient = fetchText(site.url("/slow?d"), { timeoutMs: 800 });
    cancel.abort();
    expect((await failed(cancelled)).message).toMatch(/was cancelled/);
    await expect(Promise.all([...running, patient])).resolves.toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThan(800);
    expect(site.hits.get("/slow?c")).toBeUndefined();
  });

  test("a host that cannot be reached fails with a message in words", async () => {
    const closed = await localSite();
    const url = closed.url("/feed.xml");
    await closed.close();
    expect((await failed(fetchText(url))).message).toMatch(/^127\.0\.0\.1:\d+ refused the connection$/);
    expect((await failed(fetchText("not a url"))).message).toBe("not a url is not a URL");
  });
});

/** Russian text in windows-1251 (Cyrillic А-я are 0xC0-0xFF, Ё 0xA8, ё 0xB8). */
function windows1251(text: string): number[] {
  return [...text].map((c) => {
    const code = c.charCodeAt(0);
    if (code < 128) return code;
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
    if (code === 0x401) return 0xa8;
    if (code === 0x451) return 0xb8;
    throw new Error(`not in the test's windows-1251 table: ${c}`);
  });
}

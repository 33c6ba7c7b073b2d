import { createHash } from "node:crypto";
import { ApiError } from "@/contracts/errors";
import { NewReportBody } from "@/contracts/reports";
import type {
  NewSourceBody,
  PollResult,
  SourceItem,
  SourcePreview,
  SourcePreviewBody,
  SourcePreviewItem,
} from "@/contracts/sources";
import { sourceFailedOutbox } from "@/contracts/webhooks";
import type { Database } from "@/db/client";
import { listActors } from "@/db/queries/actors";
import { DuplicateReportError, findReportByHash } from "@/db/queries/reports";
import {
  claimSource,
  createSource,
  type ItemOutcome,
  type PollableSource,
  recordItem,
  recordPoll,
  releaseSource,
  renewLease,
  seenKeys,
  seenLinks,
} from "@/db/queries/sources";
import { getTopicByRef } from "@/db/queries/topics";
import { Problem } from "@/domain/errors";
import { type ItemFilter, itemFilter } from "@/domain/sources";
import { contentHash } from "@/domain/text";
import { ingestReport } from "@/server/ingest";
import { assertPublicUrl } from "@/server/webhooks";
import { articleTextOfContent, extractArticle } from "./article";
import { type FeedEntry, NotAFeed, type ParsedFeed, parseFeed } from "./feed";
import { FEED_ACCEPT, FetchFailed, fetchText } from "./fetch";
import { detectLanguage } from "./language";

/**
 * Polling a source: its feed is read (conditionally: an unchanged feed is a 304), each item not seen before
 * (by GUID, else link) is kept when its title and text name a match term or one of the topic's parties, its text
 * taken from the feed when the feed carries the whole article, else from the article's page with everything
 * around the article left out (./article.ts), and stored by the same ingest as `POST /api/reports`. What became
 * of each item and of the poll is recorded (db/queries/sources.ts); the third failure in a row of the feed
 * itself sends `source.failed` to the webhooks. Also the registration check and the preview.
 */

/** How long a poll holds its source's lease, renewed before each item: a second server never takes it meanwhile. */
export const POLL_LEASE_MS = 10 * 60_000;
/** Past this, a poll stops taking new items (the rest wait for the next poll), well inside its lease. */
const POLL_BUDGET_MS = 7 * 60_000;
/** Items a preview looks at: the feed's latest. */
const PREVIEW_ITEMS = 10;
/** How long a poll asked for by hand waits for the poll under way (the poller's) to end. */
const BUSY_WAIT_MS = 60_000;

/** A feed's URL as a 400 names it: not on a public address, not reachable, not a feed. */
function badUrl(problem: string): ApiError {
  return new ApiError("bad_request", `Invalid body: url: ${problem}`, { issues: [{ path: "url", message: problem }] });
}

/** Reads and parses a feed; a failure is a FetchFailed or a NotAFeed. */
async function readFeed(
  url: string,
  validators: { etag?: string | null; lastModified?: string | null } = {},
  signal?: AbortSignal,
): Promise<{ feed: ParsedFeed | null; etag: string | null; lastModified: string | null }> {
  const answer = await fetchText(url, { ...validators, accept: FEED_ACCEPT, signal });
  if (answer.notModified) return { feed: null, etag: answer.etag, lastModified: answer.lastModified };
  return {
    feed: parseFeed(answer.body, answer.contentType, answer.url),
    etag: answer.etag,
    lastModified: answer.lastModified,
  };
}

/** The feed at a URL a user gave, or a 400 that says why it cannot be followed. */
async function feedForRegistration(url: string): Promise<ParsedFeed> {
  await assertPublicUrl(url, "Sources must be on a public address");
  try {
    const { feed } = await readFeed(url);
    if (!feed) throw new FetchFailed(`${new URL(url).host} answered 304 Not Modified to a first request`);
    return feed;
  } catch (error) {
    if (error instanceof NotAFeed) {
      throw badUrl(`${url} is not an RSS, Atom or JSON feed (${error.message}); give the address of the feed itself`);
    }
    if (error instanceof FetchFailed) throw badUrl(`the feed could not be read: ${error.message}`);
    throw error;
  }
}

/**
 * `POST /api/sources`: the URL must be public (unless ALLOW_PRIVATE_URLS=1) and a feed that answers now; the
 * source is then stored due at once, so the poller adds its current items on its next round.
 */
export async function registerSource(db: Database, body: NewSourceBody): Promise<SourceItem> {
  // An unknown topic is refused before any request leaves the server.
  await getTopicByRef(db, String(body.topic));
  await feedForRegistration(body.url);
  return createSource(db, body);
}

/** An item's key in the source's log: its GUID, else its link, else a digest of its title and date. */
export function itemKey(entry: FeedEntry): string {
  if (entry.guid?.trim()) return entry.guid.trim();
  if (entry.link?.trim()) return entry.link.trim();
  return `title:${createHash("sha256")
    .update(`${entry.title}\u0000${entry.publishedAt ?? ""}`)
    .digest("hex")}`;
}

/** Oldest first (undated items last, in feed order), so the reports go in as the events happened. */
function oldestFirst(entries: readonly FeedEntry[]): FeedEntry[] {
  return entries
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => {
      const x = a.entry.publishedAt ?? "";
      const y = b.entry.publishedAt ?? "";
      if (x && y && x !== y) return x < y ? -1 : 1;
      if (x && !y) return -1;
      if (!x && y) return 1;
      return b.i - a.i;
    })
    .map(({ entry }) => entry);
}

const today = () => new Date().toISOString().slice(0, 10);

/** The publication date: the item's own (as a UTC date), else today; never after today. */
function publicationDate(entry: FeedEntry): string {
  const parsed = entry.publishedAt ? new Date(entry.publishedAt) : null;
  const now = today();
  const date = parsed && !Number.isNaN(parsed.getTime()) ? parsed.toISOString().slice(0, 10) : now;
  // A date in the future (a feed's clock, a time zone ahead) is taken as today.
  return [date, now].sort()[0] as string;
}

/** A two-letter ISO 639-1 code from a language tag ("en-GB" is en), or null. */
function isoLanguage(tag: string | null | undefined): string | null {
  const code = /^\s*([a-z]{2})(?:$|[-_])/i.exec(tag ?? "")?.[1];
  return code ? code.toLowerCase() : null;
}

/** What an item came to before storing: a report body to ingest, or why it is left out or failed. */
type Prepared =
  | { kind: "report"; body: NewReportBody }
  | { kind: "skipped"; reason: string }
  | { kind: "failed"; reason: string };

type Context = { source: Pick<PollableSource, "name" | "language" | "topicId">; filter: ItemFilter };

/** The item's text (the feed's full content, else its page's article) and the report it would make. */
async function prepare(entry: FeedEntry, context: Context, signal?: AbortSignal): Promise<Prepared> {
  const link = entry.link?.trim() || null;
  let text = "";
  let pageLanguage: string | null = null;
  let page: { body: string; url: string } | null = null;
  if (!entry.contentHtml && link) {
    try {
      page = await fetchText(link, { signal });
    } catch (error) {
      if (!(error instanceof FetchFailed)) throw error;
      return { kind: "failed", reason: `the article could not be read: ${error.message}` };
    }
  }
  try {
    if (entry.contentHtml) text = articleTextOfContent(entry.contentHtml, link ?? "about:blank");
    else if (page) {
      const article = extractArticle(page.body, page.url);
      text = article?.text ?? "";
      pageLanguage = article?.language ?? null;
    } else if (entry.summary) text = articleTextOfContent(entry.summary, "about:blank");
  } catch {
    // A page the extractor cannot take apart is not the poll's failure: the item is left out.
    return { kind: "skipped", reason: "the article's text could not be extracted" };
  }
  if (!text.trim()) return { kind: "skipped", reason: "no article text was found" };
  const title = entry.title.trim() || text.trim().split("\n")[0]?.slice(0, 200) || "(untitled)";
  const language = context.source.language ?? isoLanguage(pageLanguage) ?? isoLanguage(detectLanguage(text)) ?? "en";
  if (!context.filter.named(`${title}\n${text}`, language)) return { kind: "skipped", reason: context.filter.missing };
  const url = link && /^https?:\/\//i.test(link) && link.length <= 2000 ? link : null;
  const parsed = NewReportBody.safeParse({
    title: title.length > 500 ? `${title.slice(0, 499)}…` : title,
    outlet: context.source.name,
    publishedOn: publicationDate(entry),
    url,
    language,
    topic: context.source.topicId,
    text,
  });
  if (!parsed.success) return { kind: "skipped", reason: parsed.error.issues.map((i) => i.message).join("; ") };
  return { kind: "report", body: parsed.data };
}

async function filterFor(db: Database, topicRef: string | number, match: readonly string[] | null) {
  const [topic, actors] = await Promise.all([getTopicByRef(db, String(topicRef)), listActors(db)]);
  return itemFilter(match, topic, actors);
}

/** `POST /api/sources/preview`: the feed's latest items and whether each would become a report; nothing stored. */
export async function previewSource(db: Database, body: SourcePreviewBody): Promise<SourcePreview> {
  const topic = await getTopicByRef(db, String(body.topic));
  const feed = await feedForRegistration(body.url);
  const filter = await filterFor(db, topic.id, body.match ?? null);
  const context: Context = { source: { name: feed.title ?? "preview", language: null, topicId: topic.id }, filter };
  const items = await Promise.all(
    feed.entries.slice(0, PREVIEW_ITEMS).map(async (entry): Promise<SourcePreviewItem> => {
      const shown = { title: entry.title, link: entry.link, publishedAt: entry.publishedAt };
      const prepared = await prepare(entry, context);
      if (prepared.kind !== "report") return { ...shown, kept: false, reason: prepared.reason };
      const stored = await findReportByHash(db, contentHash(prepared.body.text));
      if (stored) return { ...shown, kept: false, reason: `already stored as report ${stored.id}` };
      return { ...shown, kept: true, reason: null };
    }),
  );
  return { format: feed.format, title: feed.title, items };
}

const noItems = (): PollResult => ({ added: 0, duplicates: 0, skipped: 0, failed: 0 });

/** Why a poll's feed failed, for the source's lastError. */
function feedError(error: FetchFailed | NotAFeed): string {
  return error instanceof NotAFeed ? `not a feed: ${error.message}` : error.message;
}

/**
 * Polls one source whose lease the caller holds, records every item and the poll (which releases the lease), and
 * answers what it did. A failure of the feed itself (unreachable, an HTTP error, not a feed) is recorded on the
 * source (lastStatus error) and answered as a poll that added nothing; an article that cannot be fetched counts
 * as failed and is tried again at the next poll. Any other error (the database) is thrown, the lease left to run out.
 */
export async function pollSource(
  db: Database,
  source: PollableSource,
  options: { signal?: AbortSignal; log?: (message: string) => void } = {},
): Promise<PollResult> {
  const started = Date.now();
  const counts = noItems();
  let read: Awaited<ReturnType<typeof readFeed>>;
  try {
    read = await readFeed(source.url, { etag: source.etag, lastModified: source.lastModified }, options.signal);
  } catch (error) {
    if (!(error instanceof FetchFailed || error instanceof NotAFeed)) throw error;
    // Cut short by a shutdown: no failure of the feed; the next start polls it again.
    if (options.signal?.aborted) {
      await releaseSource(db, source.id);
      return counts;
    }
    const { consecutiveFailures, broke } = await recordPoll(
      db,
      source.id,
      { ok: false, error: feedError(error) },
      sourceFailedOutbox(),
    );
    options.log?.(
      `[sources] source ${source.id} (${source.name}): ${feedError(error)} (${consecutiveFailures} in a row${broke ? ": broken, webhooks told" : ""})`,
    );
    return counts;
  }
  const validators = { etag: read.etag, lastModified: read.lastModified ?? source.lastModified };
  if (!read.feed) {
    await recordPoll(db, source.id, { ok: true, ...validators }, null);
    return counts;
  }
  const { feed } = read;
  // Whether every new item was dealt with: only then are the feed's validators kept, so that a 304 never hides
  // an item that failed or that the poll did not reach.
  let complete = true;
  try {
    const entries = oldestFirst(feed.entries);
    const seen = await seenKeys(db, source.id, entries.map(itemKey));
    const linksSeen = await seenLinks(
      db,
      source.id,
      entries.flatMap((e) => (e.link?.trim() ? [e.link.trim()] : [])),
    );
    const context: Context = { source, filter: await filterFor(db, source.topicId, source.match) };
    for (const entry of entries) {
      const key = itemKey(entry);
      const link = entry.link?.trim() || null;
      if (seen.has(key) || (link && linksSeen.has(link))) continue;
      // A poll that runs long leaves the rest to the next one, inside its lease.
      if (Date.now() - started > POLL_BUDGET_MS || options.signal?.aborted) {
        complete = false;
        break;
      }
      seen.add(key);
      if (link) linksSeen.add(link);
      await renewLease(db, source.id, POLL_LEASE_MS);
      const outcome = await addItem(db, source, entry, key, context, options.signal);
      counts[outcome === "added" ? "added" : outcome === "duplicate" ? "duplicates" : outcome]++;
    }
  } catch (error) {
    // Not the feed's fault (the database, a bug): recorded when it can be, so the source backs off rather than
    // being taken again at once; the error goes up to be logged or answered.
    const note = "the poll failed on the server (its log says why); it is tried again at the next poll";
    await recordPoll(db, source.id, { ok: false, error: note, server: true }, null).catch(() => {});
    throw error;
  }
  const kept = complete && counts.failed === 0 ? validators : { etag: null, lastModified: null };
  await recordPoll(db, source.id, { ok: true, ...kept }, null);
  if (counts.added + counts.duplicates + counts.skipped + counts.failed > 0) {
    options.log?.(
      `[sources] source ${source.id} (${source.name}): ${counts.added} added, ${counts.duplicates} duplicates, ${counts.skipped} skipped, ${counts.failed} failed`,
    );
  }
  return counts;
}

/** One new item: stored as a report (its log row in the report's transaction), or logged as what it came to. */
async function addItem(
  db: Database,
  source: PollableSource,
  entry: FeedEntry,
  key: string,
  context: Context,
  signal?: AbortSignal,
): Promise<ItemOutcome> {
  const link = entry.link?.trim() || null;
  const prepared = await prepare(entry, context, signal);
  if (prepared.kind !== "report") {
    await recordItem(db, source.id, { key, link, outcome: prepared.kind, reason: prepared.reason });
    return prepared.kind;
  }
  const hash = contentHash(prepared.body.text);
  const duplicate = async (reportId: number) => {
    const reason = `already stored as report ${reportId}`;
    await recordItem(db, source.id, { key, link, outcome: "duplicate", reportId, contentHash: hash, reason });
    return "duplicate" as const;
  };
  // Look before coding: an article another source (or a person) already added costs a lookup, not a coder run.
  const stored = await findReportByHash(db, hash);
  if (stored) return duplicate(stored.id);
  try {
    await ingestReport(db, prepared.body, `source:${source.id}`, { id: source.id, key, link });
    return "added";
  } catch (error) {
    if (error instanceof DuplicateReportError) return duplicate(error.existingId);
    if (error instanceof Problem) {
      await recordItem(db, source.id, { key, link, outcome: "skipped", reason: error.message });
      return "skipped";
    }
    throw error;
  }
}

/**
 * `POST /api/sources/{id}/poll`: polls now, paused or not, waiting for a poll under way (the poller's) to end
 * first; a conflict when it does not end within a minute.
 */
export async function pollNow(db: Database, id: number, log?: (message: string) => void): Promise<PollResult> {
  const until = Date.now() + BUSY_WAIT_MS;
  for (;;) {
    const claimed = await claimSource(db, id, POLL_LEASE_MS);
    if (claimed !== "busy") return pollSource(db, claimed, { log });
    if (Date.now() > until) {
      throw new Problem(
        "conflict",
        `Source ${id} is being polled right now and still is after a minute; try again later`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

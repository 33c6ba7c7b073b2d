import { z } from "zod";
import { httpUrl, languageCode, topicField } from "./reports";

/**
 * Sources: the feeds (RSS 2.0, Atom 1.0, JSON Feed) of ministries and outlets that Stancewatch follows. Each new
 * article of a source becomes a report of its topic, coded like any other. The request bodies of
 * `POST /api/sources`, `POST /api/sources/preview` and `PATCH /api/sources/{id}`, and what they answer.
 */

export const DEFAULT_INTERVAL_MINUTES = 30;
/** A week: a source polled less often than that is better paused. */
export const MAX_INTERVAL_MINUTES = 10_080;
/** Failures in a row after which a source is shown broken and `source.failed` is sent to the webhooks. */
export const BROKEN_AFTER_FAILURES = 3;

const objectBody = {
  error: (issue: { code: string }) => (issue.code === "invalid_type" ? "send a JSON object" : undefined),
};

const feedUrl = httpUrl("url must be the http:// or https:// address of an RSS, Atom or JSON feed");

const name = z
  .string({ error: "name must be a string" })
  .trim()
  .min(1, "name must not be empty: it is the outlet of the reports the source adds")
  .max(200, "name is at most 200 characters");

/** Words an item's title or text must name (any one, whole words, any case) to become a report. */
const match = z
  .array(
    z
      .string({ error: "each match term must be a string" })
      .trim()
      .min(1, "a match term must not be empty")
      .max(200, "a match term is at most 200 characters"),
    { error: 'match must be a list of terms, such as ["Karabakh", "Nagorno"]' },
  )
  .max(50, "match holds at most 50 terms")
  .transform((terms) => [...new Set(terms)]);

const intervalMinutes = z
  .number({ error: "intervalMinutes must be a number" })
  .int("intervalMinutes must be a whole number of minutes")
  .min(1, "intervalMinutes must be at least 1")
  .max(MAX_INTERVAL_MINUTES, `intervalMinutes is at most ${MAX_INTERVAL_MINUTES} (a week)`);

/** `POST /api/sources`: the feed is fetched once and refused (400) when it is not a feed or cannot be reached. */
export const NewSourceBody = z.strictObject(
  {
    url: feedUrl,
    topic: topicField,
    name,
    language: languageCode.optional(),
    match: match.optional(),
    intervalMinutes: intervalMinutes.optional(),
  },
  objectBody,
);
export type NewSourceBody = z.infer<typeof NewSourceBody>;

/** `POST /api/sources/preview`: what a source would add, without storing anything. */
export const SourcePreviewBody = z.strictObject(
  { url: feedUrl, topic: topicField, match: match.optional() },
  objectBody,
);
export type SourcePreviewBody = z.infer<typeof SourcePreviewBody>;

/** `PATCH /api/sources/{id}`: pause or resume, the schedule, the match terms (null or [] for none), the name. */
export const SourcePatchBody = z
  .strictObject(
    {
      active: z.boolean({ error: "active must be true or false" }).optional(),
      intervalMinutes: intervalMinutes.optional(),
      match: match.nullable().optional(),
      name: name.optional(),
    },
    objectBody,
  )
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: "send at least one of active, intervalMinutes, match and name",
  });
export type SourcePatchBody = z.infer<typeof SourcePatchBody>;

/** A source as `GET /api/sources` lists it. */
export type SourceItem = {
  id: number;
  name: string;
  url: string;
  /** The topic's slug. */
  topic: string;
  topicId: number;
  /** null: detected per article. */
  language: string | null;
  /** null: an item must name one of the topic's parties. */
  match: string[] | null;
  intervalMinutes: number;
  active: boolean;
  lastPolledAt: string | null;
  lastStatus: "ok" | "error" | null;
  lastError: string | null;
  consecutiveFailures: number;
  /** consecutiveFailures reached BROKEN_AFTER_FAILURES. */
  broken: boolean;
  itemsSeen: number;
  reportsAdded: number;
  itemsSkipped: number;
  /** When the poller takes it next (null while paused). */
  nextPollAt: string | null;
  createdAt: string;
};

/** `POST /api/sources/{id}/poll`: what one poll did with the feed's items. */
export type PollResult = { added: number; duplicates: number; skipped: number; failed: number };

/** One item of a feed, as the preview shows it: would it become a report, and why not. */
export type SourcePreviewItem = {
  title: string;
  link: string | null;
  publishedAt: string | null;
  kept: boolean;
  /** Why an item is left out: no match term or party named, no text, or already stored. */
  reason: string | null;
};

export type SourcePreview = { format: "rss" | "atom" | "json"; title: string | null; items: SourcePreviewItem[] };

import { createHash } from "node:crypto";
import { z } from "zod";
import type { CoderActor } from "./coder";
import { partiesFromTitle, partyKey, splitPartyNames } from "./coder/parties";
import { ApiError } from "./http";

/** The body of `POST /api/topics` (and of the topics the import script creates), and how slugs are made. */

export const MAX_SLUG_LENGTH = 80;

const SLUG_SHAPE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const trimmed = (name: string, max: number) =>
  z
    .string({ error: `${name} must be a string` })
    .trim()
    .min(1, `${name} must not be empty`)
    .max(max, `${name} is at most ${max} characters`);

export const topicSlug = z
  .string({ error: "slug must be a string" })
  .trim()
  .max(MAX_SLUG_LENGTH, `slug is at most ${MAX_SLUG_LENGTH} characters`)
  .regex(SLUG_SHAPE, "slug must be lowercase letters a-z, digits and single hyphens, such as karabakh-2023")
  // A slug of digits only would be read as a topic id by every `topic` filter.
  .refine((v) => /[a-z]/.test(v), { message: "slug must contain a letter (digits alone would read as a topic id)" });

const aliasList = (name: string, example: string) =>
  z
    .array(trimmed(`each of ${name}`, 200), { error: `${name} must be a list of names, such as ${example}` })
    .max(50, `${name} holds at most 50 names`)
    .transform((names) => [...new Set(names)]);

export const TargetParty = z.strictObject(
  { name: trimmed("targetParties[].name", 200), aliases: aliasList("targetParties[].aliases", '["Kyiv"]').default([]) },
  {
    error: (issue) =>
      issue.code === "invalid_type"
        ? 'each target party is an object such as { "name": "Ukraine", "aliases": ["Kyiv"] }'
        : undefined,
  },
);
export type TargetParty = z.infer<typeof TargetParty>;

export const NewTopicBody = z.strictObject(
  {
    title: trimmed("title", 300),
    actingParty: trimmed("actingParty", 200).optional(),
    slug: topicSlug.optional(),
    actingPartyAliases: aliasList("actingPartyAliases", '["Baku"]').optional(),
    targetParties: z
      .array(TargetParty, {
        error: 'targetParties must be a list such as [{ "name": "Ukraine", "aliases": ["Kyiv"] }]',
      })
      .max(20, "targetParties holds at most 20 parties")
      .optional(),
    description: z
      .string({ error: "description must be a string" })
      .trim()
      .max(2000, "description is at most 2000 characters")
      .transform((v) => v || null)
      .nullable()
      .optional(),
  },
  { error: (issue) => (issue.code === "invalid_type" ? "send a JSON object" : undefined) },
);

export type NewTopicBody = z.infer<typeof NewTopicBody>;

/** `GET /api/topics/suggest?title=`: the parties a title names, for the Add-topic fields to propose. */
export const TopicSuggestQuery = z.strictObject({ title: trimmed("title", 300) });

/** A topic ready to store: the parties the caller left out are filled from the title. */
export type CompleteTopic = NewTopicBody & {
  actingParty: string;
  actingPartyAliases: string[];
  targetParties: TargetParty[];
};

/**
 * Fills what the caller did not give from the title: the acting party ("Russia's invasion of Ukraine": Russia)
 * and the parties it acts upon (Ukraine). Parties the caller named are kept as given; a target that is the acting
 * party itself (in any of its names) is dropped. A title that names no acting party needs `actingParty`.
 */
export function completeTopic(body: NewTopicBody, actors: readonly CoderActor[]): CompleteTopic {
  const fromTitle = partiesFromTitle(body.title, actors);
  if (!body.actingParty && !fromTitle.named) {
    const message =
      'the title names no acting party the coder knows (a country or party, as in "Russia\'s invasion of Ukraine"): send actingParty, such as "Russia"';
    throw new ApiError("bad_request", `Invalid body: actingParty: ${message}`, {
      issues: [{ path: "actingParty", message }],
    });
  }
  const actingParty = body.actingParty ?? fromTitle.actingParty;
  const acting = new Set(splitPartyNames(actingParty).map((n) => partyKey(n, actors)));
  const targetParties = body.targetParties ?? fromTitle.targetParties.map((t) => ({ name: t.name, aliases: [] }));
  return {
    ...body,
    actingParty,
    actingPartyAliases: body.actingPartyAliases ?? [],
    targetParties: targetParties.filter((t) => !acting.has(partyKey(t.name, actors))),
  };
}

// Letters that Unicode decomposition leaves alone but that have an obvious ASCII spelling.
const LATIN_EXTRA: Record<string, string> = {
  ı: "i",
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
};

/**
 * A topic's slug from its title: lowercase ASCII words joined by hyphens, at most 80 characters, cut at a word
 * boundary. A title with no ASCII letters at all (Cyrillic, say) gets `topic-` and a short hash of the title.
 */
export function slugFromTitle(title: string): string {
  const words = title
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[ıßæœøłđðþ]/g, (c) => LATIN_EXTRA[c] ?? c)
    // "Azerbaijan's" is one word: azerbaijans, not azerbaijan-s.
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const slug = cutSlug(words, MAX_SLUG_LENGTH);
  if (/[a-z]/.test(slug)) return slug;
  const hash = createHash("sha256").update(title.trim()).digest("hex").slice(0, 8);
  return slug ? cutSlug(`topic-${slug}`, MAX_SLUG_LENGTH) : `topic-${hash}`;
}

/** `slug` with `-n` appended, still within the length limit: the n-th candidate when a slug is taken. */
export function numberedSlug(slug: string, n: number): string {
  const suffix = `-${n}`;
  return `${cutSlug(slug, MAX_SLUG_LENGTH - suffix.length)}${suffix}`;
}

function cutSlug(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max + 1);
  const lastHyphen = cut.lastIndexOf("-");
  // Cut at the last whole word, unless that throws most of the slug away.
  const end = lastHyphen > max / 2 ? lastHyphen : max;
  return slug.slice(0, end).replace(/-+$/, "");
}

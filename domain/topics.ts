import { createHash } from "node:crypto";
import type { CoderActor } from "./coder";
import { partiesFromTitle, partyKey, splitPartyNames } from "./coder/parties";
import { Problem } from "./errors";

/**
 * Topics: the parties a title names, filled into a new topic, and how slugs are made. The request body is
 * contracts/topics.ts.
 */

export const MAX_SLUG_LENGTH = 80;

/** A party a topic's action is aimed at, with its other names. */
export type Party = { name: string; aliases: string[] };

/** What a new topic says of its parties (contracts/topics.ts's NewTopicBody once parsed). */
export type TopicDraft = {
  title: string;
  actingParty?: string;
  actingPartyAliases?: string[];
  targetParties?: Party[];
};

/** A topic ready to store: the parties the caller left out are filled from the title. */
export type CompleteTopic<T extends TopicDraft = TopicDraft> = T & {
  actingParty: string;
  actingPartyAliases: string[];
  targetParties: Party[];
};

/**
 * Fills what the caller did not give from the title: the acting party ("Russia's invasion of Ukraine": Russia)
 * and the parties it acts upon (Ukraine). Parties the caller named are kept as given; a target that is the acting
 * party itself (in any of its names) is dropped. A title that names no acting party needs `actingParty`.
 */
export function completeTopic<T extends TopicDraft>(body: T, actors: readonly CoderActor[]): CompleteTopic<T> {
  const fromTitle = partiesFromTitle(body.title, actors);
  if (!body.actingParty && !fromTitle.named) {
    const message =
      'the title names no acting party the coder knows (a country or party, as in "Russia\'s invasion of Ukraine"): send actingParty, such as "Russia"';
    throw new Problem("invalid", `Invalid body: actingParty: ${message}`, {
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

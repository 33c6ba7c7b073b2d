import { fold } from "./coder/fold";
import { AliasMatcher } from "./coder/mentions";
import { topicParties } from "./coder/parties";
import type { CoderActor, CoderTopic } from "./coder/types";

/**
 * Sources: which of a feed's items become reports, and when a source is polled next. Pure: the poll service
 * (server/sources/poll.ts) gives the texts, db/queries/sources.ts stores the schedule.
 */

/** Text for matching terms: accents folded, any case. */
const foldedLower = (text: string) => fold(text).toLowerCase();

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** One expression over the terms: each a whole word (or words, any spacing), accents folded, any case. */
function termsRegex(terms: readonly string[]): RegExp | null {
  const sources = terms
    .map((t) => foldedLower(t.trim()))
    .filter(Boolean)
    .sort((a, b) => b.length - a.length)
    .map((t) => t.split(/\s+/).map(escapeRegex).join("\\s+"));
  return sources.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${sources.join("|")})(?![\\p{L}\\p{N}])`, "u") : null;
}

export type ItemFilter = {
  /** What the text names that makes it a report (a match term, or a party's name), or null: left out. */
  named(text: string, language: string): string | null;
  /** Why an item that names nothing is left out. */
  readonly missing: string;
};

/**
 * Whether an item's title and text are about the topic: with match terms, it must name one of them; without,
 * one of the topic's parties (the acting party and the parties it acts upon, with every name the coder knows
 * for them: domain/coder/parties.ts), as the coder would find them.
 */
export function itemFilter(
  match: readonly string[] | null,
  topic: CoderTopic,
  actors: readonly CoderActor[],
): ItemFilter {
  if (match && match.length > 0) {
    const regex = termsRegex(match);
    return {
      named: (text) => regex?.exec(foldedLower(text))?.[0] ?? null,
      missing: `names none of the match terms (${match.join(", ")})`,
    };
  }
  const parties = topicParties(topic, actors);
  const aliases = [...parties.acting, ...parties.opponent];
  // One matcher per language: some short names count only in one language ("AB" in Turkish).
  const matchers = new Map<string, AliasMatcher>();
  return {
    named(text, language) {
      let matcher = matchers.get(language);
      if (!matcher) {
        matcher = new AliasMatcher([{ key: "party", aliases }], language);
        matchers.set(language, matcher);
      }
      const folded = fold(text);
      return matcher.find(folded, text, 0, folded.length)[0]?.text ?? null;
    },
    missing: `names none of the topic's parties (${topic.actingParty}${
      topic.targetParties?.length ? `, ${topic.targetParties.map((t) => t.name).join(", ")}` : ""
    })`,
  };
}

/** The longest wait between polls of a failing source. */
export const MAX_BACKOFF_MINUTES = 360;

/**
 * Minutes until a source's next poll: its interval, or after failures in a row its interval doubled for each
 * failure past the first (interval × 2^(failures−1)), at most six hours (or the interval, when that is longer).
 */
export function minutesUntilNextPoll(intervalMinutes: number, consecutiveFailures: number): number {
  if (consecutiveFailures <= 0) return intervalMinutes;
  const backoff = intervalMinutes * 2 ** Math.min(consecutiveFailures - 1, 30);
  return Math.max(intervalMinutes, Math.min(backoff, MAX_BACKOFF_MINUTES));
}

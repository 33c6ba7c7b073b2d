import { fold } from "./fold";
import type { CoderActor, CoderAlias } from "./types";

/** A name in the text that refers to an actor or a party. */
export type Mention = { key: string; start: number; end: number; alias: CoderAlias; text: string };

type Entry = { key: string; alias: CoderAlias };

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A `*` inside a multi-word alias ("Європейськ* Союз*") stands for any ending of that word. */
const WORD_ENDING = "[\\p{L}'’-]*";

function escapeWithWildcards(s: string): string {
  return s.split("*").map(escapeRegex).join(WORD_ENDING);
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** An alias written in lower case (a demonym such as "russisch*") also matches capitalised at a sentence start. */
function caseSource(s: string): string {
  const first = s.charAt(0);
  if (first !== first.toLowerCase() || first === first.toUpperCase()) return escapeWithWildcards(s);
  return `[${escapeRegex(first)}${escapeRegex(first.toUpperCase())}]${escapeWithWildcards(s.slice(1))}`;
}

/**
 * One regular expression over all aliases, longest first so that "Turkish Foreign Ministry" wins over
 * "Turkish". Names match with their case (diacritics folded); an alias ending in `*` matches any ending.
 */
export class AliasMatcher {
  private readonly regex: RegExp | null;
  private readonly exact = new Map<string, Entry[]>();
  private readonly prefixes: { stem: string; entries: Entry[]; whole?: RegExp }[] = [];

  constructor(groups: readonly { key: string; aliases: readonly CoderAlias[] }[], language: string) {
    const exactSources = new Set<string>();
    const prefixSources = new Map<string, Entry[]>();
    for (const group of groups) {
      for (const alias of group.aliases) {
        if (alias.language && alias.language !== language) continue;
        const raw = alias.alias.trim();
        if (!raw) continue;
        const prefix = raw.endsWith("*");
        const text = fold(prefix ? raw.slice(0, -1) : raw);
        if (!text) continue;
        const entry = { key: group.key, alias };
        if (prefix) {
          const list = prefixSources.get(text) ?? [];
          list.push(entry);
          prefixSources.set(text, list);
        } else {
          const list = this.exact.get(text) ?? [];
          list.push(entry);
          this.exact.set(text, list);
          exactSources.add(text);
        }
      }
    }
    for (const [stem, entries] of prefixSources) {
      // A stem with a wildcard inside is looked up by its own expression, not by its letters.
      const whole = stem.includes("*") ? new RegExp(`^${caseSource(stem)}`, "u") : undefined;
      this.prefixes.push({ stem, entries, whole });
    }
    this.prefixes.sort((a, b) => b.stem.length - a.stem.length);
    const alternatives = [
      ...[...exactSources].map((s) => ({ s, source: caseSource(s) })),
      ...this.prefixes.map((p) => ({ s: p.stem, source: `${caseSource(p.stem)}[\\p{L}'’-]*` })),
    ].sort((a, b) => b.s.length - a.s.length);
    this.regex = alternatives.length
      ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.map((a) => a.source).join("|")})(?![\\p{L}\\p{N}])`, "gu")
      : null;
  }

  /** Every alias mention in `folded[from, to)`, with the entries it may stand for. */
  find(
    folded: string,
    original: string,
    from: number,
    to: number,
  ): { start: number; end: number; entries: Entry[]; text: string }[] {
    if (!this.regex) return [];
    const out: { start: number; end: number; entries: Entry[]; text: string }[] = [];
    const slice = folded.slice(from, to);
    this.regex.lastIndex = 0;
    for (let m = this.regex.exec(slice); m; m = this.regex.exec(slice)) {
      const matched = m[0];
      const lowered = lowerFirst(matched);
      let entries = this.exact.get(matched) ?? this.exact.get(lowered);
      if (!entries)
        entries = this.prefixes.find((p) =>
          p.whole ? p.whole.test(matched) : matched.startsWith(p.stem) || lowered.startsWith(p.stem),
        )?.entries;
      // A possessive or suffix after an exact alias ("Türkiye'nin"): look the alias up without it.
      if (!entries) {
        const base = matched.replace(/['’-][\p{L}]*$/u, "");
        entries = this.exact.get(base);
      }
      if (!entries) continue;
      const start = from + m.index;
      out.push({ start, end: start + matched.length, entries, text: original.slice(start, start + matched.length) });
    }
    return out;
  }
}

/** Whether an official alias was in office on `date` (YYYY-MM-DD); other aliases are always valid. */
export function aliasValidOn(alias: CoderAlias, date: string): boolean {
  if (alias.validFrom && date < alias.validFrom) return false;
  if (alias.validTo && date > alias.validTo) return false;
  return true;
}

export function actorGroups(actors: readonly CoderActor[]) {
  return actors.map((a) => ({ key: a.code, aliases: a.aliases }));
}

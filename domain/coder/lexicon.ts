import type { Stance } from "../labels";
import enAbbreviations from "./data/abbreviations.en.json";
import de from "./data/lexicon.de.json";
import enLexicon from "./data/lexicon.en.json";
import fr from "./data/lexicon.fr.json";
import ru from "./data/lexicon.ru.json";
import tr from "./data/lexicon.tr.json";
import uk from "./data/lexicon.uk.json";
import { fold } from "./fold";

/** A cue lexicon as stored in domain/coder/data/lexicon.<language>.json (see its $comment for the fields). */
export type LexiconData = {
  language: string;
  abbreviations?: string[];
  speakerNouns: string[];
  nonSpeakerNouns: string[];
  bothSides: string[];
  negations: string[];
  notNegations?: string[];
  conditionals: string[];
  anaphors: string[];
  speechVerbs: string[];
  excludingPrepositions: string[];
  /** Words for the topic's action itself ("the offensive"): a cue aimed at them is aimed at the acting party. */
  actionNouns?: string[];
  /** Words right after a party that make it the one spoken of ("must", "faces", "was"), not the speaker. */
  undergoing?: string[];
  /** Objects come before the verb (Turkish): a cue's target may be named before it. */
  verbFinal?: boolean;
  /** Violence with no one named ("the escalation"): condemning it blames no side, so it is neutral. */
  violenceNouns?: string[];
  /** Prepositions of place: a party after one ("those in Russia") is where, not whom, a cue is aimed at. */
  locatives?: string[];
  /** Articles of an indirect object right before a noun cue (German "der", "dem"): that party is the target. */
  objectArticles?: string[];
  /** Verbs of speaking to someone ("told", "assured"): the actor named right after one is addressed, not speaking. */
  addresseeVerbs?: string[];
  /** Verbs that report a decision: "said it would halt arms sales" is a decision, not a conditional. */
  reportedFuture?: string[];
  cues: CueData[];
};

export type CueMode = "fixed" | "object" | "demand" | "beneficiary" | "blame";
export type TopicKind = "action" | "agreement";

export type CueData = {
  id: string;
  pattern: string;
  stance: Stance;
  mode: CueMode;
  weight: number;
  topics?: TopicKind[];
  reported?: boolean;
  /** Only when the acting party itself speaks: how a government justifies its own action ("was forced to"). */
  actingOnly?: boolean;
  /** Negated, the cue gives no stance rather than a neutral one ("refused to join the sanctions"). */
  negatedIsNone?: boolean;
  /**
   * Counts only in a sentence that also calls, urges or says something: "talks" alone is often a fact ("held
   * talks in Moscow"), not a position.
   */
  needsCall?: boolean;
  /** Counts only when aimed at a named party or the action: "wrong" or "a mistake" alone may be about anything. */
  needsTarget?: boolean;
  /** A measure taken (sanctions, an embargo): a stance of whoever takes it against the action, but for the acting
   * party itself part of the action, not a word about it. */
  measure?: boolean;
};

export type Cue = CueData & { regex: RegExp; language: string };

export type Lexicon = {
  language: string;
  abbreviations: Set<string>;
  cues: Cue[];
  speakerNoun: RegExp;
  /** A speaking body right before a demonym, as in French "le ministère français". */
  speakerNounBefore: RegExp;
  nonSpeakerNoun: RegExp;
  bothSides: RegExp;
  negation: RegExp;
  notNegation: RegExp | null;
  conditional: RegExp;
  anaphor: RegExp;
  speechVerb: RegExp;
  excludingPreposition: RegExp;
  actionNoun: RegExp | null;
  undergoing: RegExp | null;
  verbFinal: boolean;
  violenceNoun: RegExp | null;
  locative: RegExp | null;
  objectArticle: RegExp | null;
  addresseeVerb: RegExp | null;
  reportedFuture: RegExp | null;
};

const WORD_START = "(?<![\\p{L}\\p{N}])";
const WORD_END = "(?![\\p{L}\\p{N}])";

/** Matches nothing: for a list a language leaves empty (Turkish marks place with suffixes, not prepositions). */
const NEVER = /(?!)/;

function firstLetterEitherCase(pattern: string): string {
  const first = pattern.charAt(0);
  if (first.toLowerCase() === first.toUpperCase()) return pattern;
  return `[${first.toLowerCase()}${first.toUpperCase()}]${pattern.slice(1)}`;
}

function alternation(patterns: readonly string[]): string {
  return patterns.map((p) => fold(p)).join("|");
}

/** Compiles a lexicon; a bad pattern throws with the lexicon and entry named, so a data edit fails loudly. */
export function compileLexicon(data: LexiconData): Lexicon {
  const re = (what: string, source: string, flags: string) => {
    try {
      return new RegExp(source, flags);
    } catch (error) {
      throw new Error(`Lexicon ${data.language}, ${what}: ${(error as Error).message}`);
    }
  };
  const words = (what: string, list: readonly string[]) =>
    re(what, `${WORD_START}(?:${alternation(list)})${WORD_END}`, "iu");
  return {
    language: data.language,
    abbreviations: new Set((data.abbreviations ?? []).map((a) => a.toLowerCase())),
    cues: data.cues.map((c) => ({
      ...c,
      language: data.language,
      regex: re(`cue ${c.id}`, `${WORD_START}(?:${fold(c.pattern)})${WORD_END}`, "giu"),
    })),
    // Speaker nouns follow a demonym or name within a few words: "the Russian Foreign Ministry".
    speakerNoun: re(
      "speakerNouns",
      `^(?:[\\s'’-]*(?:s\\s+)?(?:[\\p{L}.-]+\\s+){0,3})?(?:${alternation(data.speakerNouns)})${WORD_END}`,
      "iu",
    ),
    speakerNounBefore: re("speakerNouns", `(?:${alternation(data.speakerNouns)})\\s+$`, "iu"),
    nonSpeakerNoun: re(
      "nonSpeakerNouns",
      `^(?:[\\s'’-]*(?:s\\s+)?(?:[\\p{L}-]+\\s+){0,1})?(?:${alternation(data.nonSpeakerNouns)})${WORD_END}`,
      "iu",
    ),
    bothSides: words("bothSides", data.bothSides),
    // Plurals count: "its military operations".
    actionNoun: data.actionNouns?.length
      ? re("actionNouns", `${WORD_START}(?:${alternation(data.actionNouns)})(?:s|es)?${WORD_END}`, "iu")
      : null,
    verbFinal: data.verbFinal === true,
    // Titles and first names may stand between the verb and the name: "told French President Emmanuel Macron".
    addresseeVerb: data.addresseeVerbs?.length
      ? re(
          "addresseeVerbs",
          `${WORD_START}(?:${alternation(data.addresseeVerbs)})\\s+(?:(?:the|his|her|their|its)\\s+)?(?:\\p{Lu}[\\p{L}.'’-]*\\s+){0,4}$`,
          "u",
        )
      : null,
    reportedFuture: data.reportedFuture?.length
      ? re(
          "reportedFuture",
          `${WORD_START}(?:${alternation(data.reportedFuture)})(?:\\s+that)?(?:\\s+[\\p{L}.'’-]+){1,5}\\s+$`,
          "iu",
        )
      : null,
    objectArticle: data.objectArticles?.length
      ? re("objectArticles", `${WORD_START}(?:${alternation(data.objectArticles)})\\s+$`, "iu")
      : null,
    locative: data.locatives?.length
      ? re("locatives", `${WORD_START}(?:${alternation(data.locatives)})\\s+(?:the\\s+)?$`, "iu")
      : null,
    violenceNoun: data.violenceNouns?.length
      ? re(
          "violenceNouns",
          `^\\s*(?:(?:the|any|all|this|these|further|recent|renewed|continued|ongoing|latest|die|la|le|les|l')\\s+){0,2}(?:${alternation(data.violenceNouns)})${WORD_END}`,
          "iu",
        )
      : null,
    undergoing: data.undergoing?.length
      ? re("undergoing", `^\\s*(?:\\p{L}+\\s+){0,1}(?:${alternation(data.undergoing)})${WORD_END}`, "iu")
      : null,
    negation: re("negations", `${WORD_START}(?:${alternation(data.negations)})(?:\\s+\\p{L}+){0,3}\\s*$`, "iu"),
    notNegation: data.notNegations?.length ? words("notNegations", data.notNegations) : null,
    conditional: re("conditionals", `${WORD_START}(?:${alternation(data.conditionals)})${WORD_END}`, "iu"),
    anaphor: re("anaphors", `^["'\\s-]*(?:${alternation(data.anaphors)})${WORD_END}`, "iu"),
    speechVerb: words("speechVerbs", data.speechVerbs),
    // "with Azerbaijani President Ilham Aliyev": titles and names may stand between the preposition and the name,
    // so the capitals must really be capitals (no i flag; the prepositions take either case of their first letter).
    excludingPreposition: !data.excludingPrepositions.length
      ? NEVER
      : re(
          "excludingPrepositions",
          `${WORD_START}(?:${data.excludingPrepositions.map((p) => firstLetterEitherCase(fold(p))).join("|")})\\s+(?:the\\s+|la\\s+|le\\s+|l'|die\\s+|der\\s+|den\\s+)?(?:(?:\\p{Lu}[\\p{L}.'’-]*|both|either|and|its|their|his|her|of|the|und|et|ve|и|і)\\s+){0,6}$`,
          "u",
        ),
  };
}

// English abbreviations live apart so that the report page can read them without the whole lexicon.
const en = { ...enLexicon, abbreviations: enAbbreviations.abbreviations };
const DATA: Record<string, LexiconData> = { en, fr, de, tr, ru, uk } as Record<string, LexiconData>;
const compiled = new Map<string, Lexicon>();

export const LEXICON_LANGUAGES = Object.keys(DATA);

/** The compiled lexicon of a language (English when there is none for it). */
export function lexiconFor(language: string): Lexicon {
  const key = DATA[language] ? language : "en";
  let lex = compiled.get(key);
  if (!lex) {
    lex = compileLexicon(DATA[key] as LexiconData);
    compiled.set(key, lex);
  }
  return lex;
}

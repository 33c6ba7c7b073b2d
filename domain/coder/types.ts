import type { Stance } from "../labels";
import type { Citation } from "./citations";

/** An alias as the actors' data gives it; a trailing `*` matches any ending (`Росси*`: Россия, России, ...). */
export type CoderAlias = {
  alias: string;
  kind: "name" | "demonym" | "capital" | "body" | "official";
  /** Only in reports of this language (short or ambiguous aliases such as "AB" or "UE"). */
  language?: string | null;
  role?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
};

export type CoderActor = { code: string; name: string; aliases: readonly CoderAlias[] };

export type CoderTopic = {
  title: string;
  /** The party whose action is judged, e.g. "Azerbaijan". */
  actingParty: string;
  /** Extra names of the acting party (capital, demonym, leaders); the party data adds the usual ones. */
  actingPartyAliases?: readonly string[];
  /** The parties the action is aimed at ("Ukraine"); when absent, those the title names. */
  targetParties?: readonly PartyName[];
};

/** A party as a topic names it, with extra names of its own. */
export type PartyName = { name: string; aliases?: readonly string[] };

export type CodeInput = {
  text: string;
  /** The report's title and outlet: a ministry's own release speaks for that actor in the first person. */
  title?: string;
  outlet?: string;
  /** ISO 639-1 code; picks the cue lexicon (English is always tried too). */
  language?: string;
  /** The report's publication date, YYYY-MM-DD, and its precision. */
  publishedOn: string;
  publishedPrecision?: "day" | "month";
  topic: CoderTopic;
  actors: readonly CoderActor[];
};

/** Why the coder gave a stance: shown to analysts beside the evidence. */
export type Explanation = {
  /** The text that named the actor, and what kind of alias it was. */
  alias: string;
  aliasKind: CoderAlias["kind"] | "back-reference";
  /** The stance cue as it stands in the text, and the lexicon entry it matched. */
  cue: string;
  cueId: string;
  /** What the cue was aimed at: the acting party, its opponent, both sides, or nothing named. */
  target: "acting" | "opponent" | "both" | "none";
  /** The rule that turned cue and target into the stance, in words. */
  rule: string;
  /** Negated, conditional, reported, back-referenced: what lowered the confidence. */
  modifiers: string[];
  language: string;
};

export type CodedStatement = {
  actor: string;
  stance: Stance;
  confidence: number;
  evidenceStart: number;
  evidenceEnd: number;
  evidence: string;
  statementDate: string;
  statementDatePrecision: "day" | "month";
  /** Index into `citations` when the sentence cites a source. */
  citation: number | null;
  explanation: Explanation;
};

export type ReportStance = { actor: string; stance: Stance; confidence: number; statement: number };

export type CodeResult = {
  coder: string;
  language: string;
  citations: Citation[];
  /** One per (sentence, actor) that takes a position, in text order. */
  statements: CodedStatement[];
  /** The report-level label per actor, by the codebook (index into `statements`). */
  reportStances: ReportStance[];
};

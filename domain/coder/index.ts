import type { Stance } from "../labels";
import { reduceStances } from "../stance";
import { CALIBRATION, type Calibration, calibrate } from "./calibration";
import { type Citation, findCitations } from "./citations";
import { fold } from "./fold";
import { type Cue, type Lexicon, lexiconFor, type TopicKind } from "./lexicon";
import { AliasMatcher, actorGroups, aliasValidOn } from "./mentions";
import { titleIsAgreement, topicParties } from "./parties";
import { type Sentence, segmentSentences } from "./segment";
import type { CodedStatement, CodeInput, CodeResult, CoderAlias, Explanation, ReportStance } from "./types";

export { CALIBRATION, type Calibration, calibrate } from "./calibration";
export type { CodedStatement, CodeInput, CodeResult, CoderActor, CoderAlias, CoderTopic, Explanation } from "./types";

export type CoderOptions = {
  /** The map from weights to confidences; `null` leaves the raw weights (only to fit the map itself). */
  calibration?: Calibration | null;
};

/** Recorded as the coder of every automatic coding; bump it when the rules or lexicons change meaning. */
export const CODER_VERSION = "stancewatch-coder/1.1";

/** Text is coded in windows of about this many characters, cut at paragraph ends. */
export const WINDOW_CHARS = 16_000;

export function topicKind(title: string): TopicKind {
  return titleIsAgreement(title) ? "agreement" : "action";
}

type Target = Explanation["target"];

/** A name of the acting party or of a target in the text. */
type PartyMention = { start: number; end: number; entries: { key: string; alias?: CoderAlias }[] };

type Candidate = { actor: string; start: number; end: number; alias: CoderAlias; text: string };

type CueHit = {
  cue: Cue;
  start: number;
  end: number;
  stance: Stance;
  target: Target;
  rule: string;
  modifiers: string[];
  weight: number;
  /** The target is the party named just before the cue, i.e. the cue's own subject ("Armenia brought it on itself"). */
  subjectTarget?: boolean;
};

function flip(stance: Stance): Stance {
  return stance === "support" ? "condemn" : stance === "condemn" ? "support" : "neutral";
}

/** The stance a cue gives once its target is known (see the modes in the lexicon's $comment). */
function directed(cue: Cue, target: Target, kind: TopicKind): { stance: Stance | null; rule: string } {
  switch (cue.mode) {
    case "fixed":
      return { stance: cue.stance, rule: `"${cue.id}" gives ${cue.stance} whatever it is aimed at` };
    case "object":
      if (target === "opponent")
        return { stance: flip(cue.stance), rule: `${cue.stance} aimed at the acting party's opponent` };
      if (target === "both") return { stance: "neutral", rule: `${cue.stance} aimed at both sides` };
      return {
        stance: cue.stance,
        rule: target === "acting" ? `${cue.stance} aimed at the acting party` : `${cue.stance} of the action`,
      };
    case "demand":
      if (kind === "agreement") return { stance: "neutral", rule: "a call about an agreement between the parties" };
      if (target === "acting") return { stance: "condemn", rule: "a demand on the acting party alone" };
      if (target === "opponent") return { stance: "support", rule: "a demand on the acting party's opponent alone" };
      return { stance: "neutral", rule: target === "both" ? "a call on both sides" : "a call on no one side" };
    case "beneficiary":
      if (target === "acting") return { stance: "support", rule: "backing for the acting party" };
      if (target === "opponent") return { stance: "condemn", rule: "backing for the acting party's opponent" };
      if (target === "both") return { stance: "neutral", rule: "backing for both sides" };
      return { stance: null, rule: "backing with no party named" };
    case "blame":
      if (target === "acting") return { stance: "condemn", rule: "blames the acting party" };
      if (target === "opponent") return { stance: "support", rule: "blames the acting party's opponent" };
      return { stance: null, rule: "blame of no named party" };
  }
}

/** The weak cue of an acting party that speaks of its own action with no stance word (see ownActionSpeech). */
const OWN_SPEECH: Omit<Cue, "language"> = {
  id: "own-action-speech",
  pattern: "",
  stance: "support",
  mode: "fixed",
  weight: 0.5,
  actingOnly: true,
  regex: /(?!)/,
};

/** Per lexicon, the expressions these rules run many times, compiled once. */
const COMPILED = new WeakMap<Lexicon, { speechVerbOnce: RegExp; actionNounAll: RegExp | null }>();
function compiled(lexicon: Lexicon) {
  let c = COMPILED.get(lexicon);
  if (!c) {
    c = {
      speechVerbOnce: new RegExp(lexicon.speechVerb.source, "iu"),
      actionNounAll: lexicon.actionNoun ? new RegExp(lexicon.actionNoun.source, "giu") : null,
    };
    COMPILED.set(lexicon, c);
  }
  return c;
}

/** Words that join two subjects ("Paris and Baku"), not a verb before an object. */
const JOINING = /^\s+(?:and|or|und|oder|et|ou|ve|veya|и|или|і|та|або)\s+$/iu;

/** Verbs of announcing, in the supported languages: "announced", "a annoncé", "kündigte an", "объявил". */
const ANNOUNCING = /announc|annon|k(?:u|ü)ndig|объяв|оголос/iu;

/** "..., UK and US implementing": the rest of a list of names, then a verb in -ing. */
const ACTING_PARTICIPLE = /^(?:(?:\s*,\s*|\s+)(?:and\s+)?(?:the\s+)?\p{Lu}[\p{L}.]*(?![\p{L}.])){0,6}\s+\p{Ll}+ing\b/u;

const CLAUSE_BREAK = /;|\s(?:while|whereas|but|however|although|meanwhile)\s|\s[-–—]\s/giu;
const QUOTE_START = /^["'“”«„‘’]/u;

/** Codes one report: its statements with evidence and explanation, and a report-level stance per actor. */
export function codeReport(input: CodeInput, options: CoderOptions = {}): CodeResult {
  const coder = new ReportCoder(input, options);
  while (!coder.step()) {
    // each step codes one window
  }
  return coder.result();
}

/**
 * The same, yielding to the event loop between windows so that a long text never blocks the server for more
 * than one window's work.
 */
export async function codeReportAsync(input: CodeInput, options: CoderOptions = {}): Promise<CodeResult> {
  const coder = new ReportCoder(input, options);
  while (!coder.step()) await new Promise<void>((resolve) => setImmediate(resolve));
  return coder.result();
}

type Speakers = { actors: Candidate[]; sentence: number };

/** The coder's state over one report: `step()` codes the next window of text. */
export class ReportCoder {
  private readonly text: string;
  private readonly language: string;
  private readonly lexicon: Lexicon;
  private readonly kind: TopicKind;
  private readonly date: string;
  private readonly precision: "day" | "month";
  private readonly citations: Citation[];
  private readonly actorMatcher: AliasMatcher;
  private readonly partyMatcher: AliasMatcher;
  /** Tracked actors that carry out the topic's action: they speak for it, never against it. */
  private readonly actingActors: Set<string>;
  private readonly cues: Cue[];
  private readonly statements: CodedStatement[] = [];
  /** Each statement's raw weight, before calibration: the report-level confidence is combined from these. */
  private readonly weights: number[] = [];
  private readonly calibration: Calibration | null;
  private position = 0;
  private sentenceIndex = 0;
  private paragraph = 0;
  private last: Speakers | null = null;
  private inQuote = false;
  /** The actor whose own publication this is (a ministry's press release): speaks in the first person. */
  private readonly voice: Candidate[] = [];

  constructor(input: CodeInput, options: CoderOptions = {}) {
    this.calibration = options.calibration === undefined ? CALIBRATION : options.calibration;
    this.text = input.text;
    this.language = (input.language ?? "en").toLowerCase().slice(0, 2);
    this.lexicon = lexiconFor(this.language);
    this.kind = topicKind(input.topic.title);
    this.date = input.publishedOn;
    this.precision = input.publishedPrecision ?? "day";
    this.citations = findCitations(this.text, { reportDate: this.date, reportPrecision: this.precision });
    const parties = topicParties(input.topic, input.actors);
    this.partyMatcher = new AliasMatcher(
      [
        { key: "acting", aliases: parties.acting },
        { key: "opponent", aliases: parties.opponent },
      ],
      this.language,
    );
    this.actingActors = new Set(parties.actingActors);
    this.actorMatcher = new AliasMatcher(actorGroups(input.actors), this.language);
    this.cues = this.lexicon.cues.filter((c) => !c.topics || c.topics.includes(this.kind));
    const byline = [input.outlet, input.title].filter(Boolean).join(" \n ");
    if (byline) {
      const foldedByline = fold(byline);
      const found = this.actorMatcher
        .find(foldedByline, byline, 0, byline.length)
        .map((m) => ({
          m,
          entry: m.entries.find((e) => e.alias.kind !== "demonym" && aliasValidOn(e.alias, this.date)),
        }))
        .filter((x) => x.entry !== undefined);
      const codes = new Set(found.map((x) => x.entry?.key));
      // Only when the byline names a single actor: "Foreign Minister Maas on ..." or "Auswärtiges Amt".
      if (codes.size === 1 && found[0]?.entry) {
        const { m, entry } = found[0];
        this.voice.push({ actor: entry.key, start: -1, end: -1, alias: entry.alias, text: m.text });
      }
    }
  }

  /** Codes the next window; true when the whole text is done. */
  step(): boolean {
    if (this.position >= this.text.length) return true;
    let end = Math.min(this.text.length, this.position + WINDOW_CHARS);
    if (end < this.text.length) {
      const para = this.text.lastIndexOf("\n", end);
      const stop = this.text.lastIndexOf(". ", end);
      const cut =
        para > this.position + WINDOW_CHARS / 4 ? para : stop > this.position + WINDOW_CHARS / 4 ? stop + 1 : end;
      end = cut;
    }
    this.codeWindow(this.position, end);
    this.position = end;
    return this.position >= this.text.length;
  }

  result(): CodeResult {
    return {
      coder: CODER_VERSION,
      language: this.lexicon.language,
      citations: this.citations,
      statements: this.statements,
      reportStances: reportStances(this.statements, this.weights, this.calibration),
    };
  }

  private codeWindow(from: number, to: number): void {
    const windowText = this.text.slice(from, to);
    const folded = fold(windowText);
    const sentences = segmentSentences(
      windowText,
      this.language,
      this.lexicon.abbreviations,
      0,
      windowText.length,
      this.paragraph,
    );
    const cueHits = this.findCues(folded);
    const actorMentions = this.actorMatcher.find(folded, windowText, 0, windowText.length);
    const partyMentions = this.partyMatcher.find(folded, windowText, 0, windowText.length);
    let cueIndex = 0;
    let mentionIndex = 0;
    for (let i = 0; i < sentences.length; i++) {
      const s = sentences[i] as Sentence;
      while (cueIndex < cueHits.length && (cueHits[cueIndex] as { start: number }).start < s.start) cueIndex++;
      while (mentionIndex < actorMentions.length && (actorMentions[mentionIndex] as { start: number }).start < s.start)
        mentionIndex++;
      const hits: { cue: Cue; start: number; end: number }[] = [];
      for (let c = cueIndex; c < cueHits.length && (cueHits[c] as { start: number }).start < s.end; c++)
        hits.push(cueHits[c] as never);
      const mentions = [];
      for (
        let m = mentionIndex;
        m < actorMentions.length && (actorMentions[m] as { start: number }).start < s.end;
        m++
      ) {
        mentions.push(actorMentions[m] as (typeof actorMentions)[number]);
      }
      const next = sentences[i + 1];
      this.codeSentence(s, windowText, folded, from, hits, mentions, partyMentions, next);
      this.sentenceIndex++;
      this.paragraph = s.paragraph;
    }
    this.paragraph++;
  }

  private findCues(folded: string): { cue: Cue; start: number; end: number }[] {
    const hits: { cue: Cue; start: number; end: number }[] = [];
    for (const cue of this.cues) {
      cue.regex.lastIndex = 0;
      for (let m = cue.regex.exec(folded); m; m = cue.regex.exec(folded)) {
        hits.push({ cue, start: m.index, end: m.index + m[0].length });
        if (m[0].length === 0) cue.regex.lastIndex++;
      }
    }
    hits.sort((a, b) => a.start - b.start || b.end - a.end);
    // Overlapping cues: the longer, earlier one reads the phrase ("call on" inside "calls on both sides").
    const kept: typeof hits = [];
    for (const h of hits) {
      const prev = kept.at(-1);
      if (prev && h.start < prev.end) continue;
      kept.push(h);
    }
    return kept;
  }

  /** The actors a sentence names as speakers: not a demonym without a speaking body, not an object. */
  private candidates(
    s: Sentence,
    text: string,
    folded: string,
    mentions: { start: number; end: number; entries: { key: string; alias: CoderAlias }[]; text: string }[],
    cueStarts: readonly number[] = [],
  ): Candidate[] {
    const out: Candidate[] = [];
    for (const m of mentions) {
      const entry = m.entries.find((e) => aliasValidOn(e.alias, this.date));
      if (!entry) continue;
      if (this.insideCitation(m.start)) continue;
      const before = folded.slice(Math.max(s.start, m.start - 60), m.start);
      // "with the EU and the US imposing sanctions": a name before a participle acts, whatever the preposition.
      if (this.lexicon.excludingPreposition.test(before) && !ACTING_PARTICIPLE.test(folded.slice(m.end, m.end + 40)))
        continue;
      // "Aliyev told Macron that ...": the one told speaks no position of their own.
      if (this.lexicon.addresseeVerb?.test(folded.slice(Math.max(s.start, m.start - 50), m.start))) continue;
      // What follows the name up to its own verb: "Франция осудила военную операцию" is no "French military".
      const nextCue = cueStarts.find((c) => c > m.end) ?? s.end;
      const after = folded.slice(m.end, Math.min(s.end, m.end + 60, nextCue));
      if (entry.alias.kind === "demonym") {
        const nounBefore = this.lexicon.speakerNounBefore.test(folded.slice(Math.max(s.start, m.start - 50), m.start));
        if (!this.lexicon.speakerNoun.test(after) && !nounBefore) continue;
      } else if (this.lexicon.nonSpeakerNoun.test(after) && !this.lexicon.speakerNoun.test(after)) {
        continue;
      }
      const rest = folded.slice(m.end, Math.min(s.end, m.end + 60));
      if (this.actingActors.has(entry.key) && this.spokenOf(folded, m.start, m.end, rest)) continue;
      out.push({ actor: entry.key, start: m.start, end: m.end, alias: entry.alias, text: text.slice(m.start, m.end) });
    }
    return out;
  }

  /**
   * A conditional before the cue ("would condemn any attack"), unless it reports a decision: "tweeted that the
   * European Union would present sanctions".
   */
  private conditional(folded: string, s: Sentence, before: string, cueStart: number): boolean {
    const m = this.lexicon.conditional.exec(before);
    if (!m) return false;
    const at = cueStart - before.length + m.index;
    return !this.lexicon.reportedFuture?.test(folded.slice(Math.max(s.start, at - 80), at));
  }

  /**
   * The acting party named as the owner of the action or the one it befalls, not as a speaker: "Russia's
   * invasion", "Russia must withdraw", "Washington faces criticism".
   */
  private spokenOf(folded: string, start: number, end: number, after: string): boolean {
    if (/^['’]s?(?:\s|$)/u.test(folded.slice(end, end + 3)) && !this.lexicon.speakerNoun.test(after)) return true;
    if (oblique(folded.slice(start, end), folded.slice(end, end + 3), this.language)) return true;
    return this.lexicon.undergoing?.test(after) ?? false;
  }

  private windowBase = 0;

  private insideCitation(offset: number): boolean {
    const at = this.windowBase + offset;
    const i = this.firstCitationEndingAfter(at - 1);
    const c = this.citations[i];
    return c !== undefined && at >= c.start - 1 && at < c.end + 1;
  }

  /** Index of the first citation (in text order) whose end is past `at`: citations are sorted and disjoint. */
  private firstCitationEndingAfter(at: number): number {
    let lo = 0;
    let hi = this.citations.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.citations[mid] as Citation).end + 1 <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private target(
    folded: string,
    s: Sentence,
    from: number,
    partyMentions: readonly PartyMention[],
    cueStart = from,
    nextCue = Number.POSITIVE_INFINITY,
  ): Target {
    // A dative object right before a noun cue: "sicherte der Ukraine Unterstützung zu".
    if (this.lexicon.objectArticle && cueStart > s.start && /^\p{Lu}/u.test(folded.charAt(cueStart))) {
      const before = partyMentions
        .filter((m) => m.end <= cueStart && cueStart - m.end <= 2 && m.start > s.start)
        .at(-1);
      if (before && this.lexicon.objectArticle.test(folded.slice(Math.max(s.start, before.start - 5), before.start))) {
        return before.entries.some((e) => e.key === "acting") ? "acting" : "opponent";
      }
    }
    // The target is the cue's object: named within a few words after it, and before the next cue, which has its
    // own ("denounced a violation of Ukrainian sovereignty": Ukraine belongs to "violation", not to "denounced").
    const limit = Math.min(s.end, from + 50, nextCue);
    const tail = folded.slice(from, limit);
    let acting = -1;
    let opponent = -1;
    for (const m of partyMentions) {
      // A cue may hold its object ("forderte Aserbaidschan auf"): a party inside the cue counts too.
      if (m.start <= cueStart || m.start >= limit) continue;
      // "wrong to isolate Russia", "Fehler, Russland zu isolieren", "erreur d'isoler la Russie": the judgement is
      // of the infinitive's act, not of the party it names.
      if (this.infinitiveObject(folded, from, m)) continue;
      if (this.lexicon.locative?.test(folded.slice(Math.max(from, m.start - 12), m.start))) continue;
      for (const e of m.entries) {
        if (e.key === "acting" && acting < 0) acting = m.start;
        if (e.key === "opponent" && opponent < 0) opponent = m.start;
      }
    }
    const both = this.lexicon.bothSides.exec(tail);
    const bothAt = both ? from + both.index : -1;
    if (this.kind === "action" && this.lexicon.actionNoun) {
      const action = this.lexicon.actionNoun.exec(tail);
      if (action && (acting < 0 || from + action.index < acting)) acting = from + action.index;
    }
    // "urged him to halt": a pronoun object stands for the party named last before the cue.
    if (acting < 0 && opponent < 0 && /^\s+(?:him|her|them)\b/iu.test(tail)) {
      const last = partyMentions.filter((m) => m.start >= s.start && m.end <= cueStart).at(-1);
      if (last) return last.entries.some((e) => e.key === "acting") ? "acting" : "opponent";
    }
    const firsts = [acting, opponent, bothAt].filter((x) => x >= 0);
    if (firsts.length === 0) return this.lexicon.verbFinal ? this.objectBefore(folded, s, from, partyMentions) : "none";
    if (bothAt >= 0 && bothAt === Math.min(...firsts)) return "both";
    if (acting >= 0 && opponent >= 0) {
      // "Azerbaijan and Armenia" side by side is both sides; otherwise the first one named is the target.
      const between = folded.slice(Math.min(acting, opponent), Math.max(acting, opponent));
      if (/^[\p{L}\s'’-]{0,25}?\s(?:and|und|et|ve|и|і|та)\s/iu.test(between.slice(0, 40))) return "both";
      return acting < opponent ? "acting" : "opponent";
    }
    return acting >= 0 ? "acting" : "opponent";
  }

  /**
   * The acting party saying something about its target or its action ("Putin said Kyiv had refused to talk"): by
   * the codebook's convention it speaks for its own action. A weak cue of its own, heard only for the acting party.
   */
  private ownActionSpeech(
    s: Sentence,
    folded: string,
    candidates: readonly Candidate[],
    partyMentions: readonly PartyMention[],
    hits: readonly CueHit[],
  ): CueHit | null {
    if (this.kind !== "action" || this.lexicon.verbFinal) return null;
    // A sentence that judges the action against the acting party is no defence of it ("... was a mistake").
    if (hits.some((h) => h.target === "acting" && h.stance === "condemn")) return null;
    for (const c of candidates) {
      if (!this.actingActors.has(c.actor)) continue;
      // Not in Turkish, where the verb comes last and "açıkladı" is as often "announced" as "said".
      const verb = compiled(this.lexicon).speechVerbOnce.exec(folded.slice(c.end, Math.min(s.end, c.end + 30)));
      const start = c.end + (verb?.index ?? 0);
      // The verb must be the name's own: "Putin said", not "... like Putin", stressed the chancellor.
      if (!verb || !/^\s*(?:\p{L}+\s+){0,2}$/u.test(folded.slice(c.end, start))) continue;
      // Announcing the action is the action itself, not a word in its defence.
      if (ANNOUNCING.test(verb[0])) continue;
      const end = start + verb[0].length;
      const rest = folded.slice(end, s.end);
      // The target named as a noun: "Ukrainian Foreign Minister Kuleba" is a meeting, not a word about Ukraine.
      const aboutTarget = partyMentions.some(
        (m) =>
          m.start >= end &&
          m.end <= s.end &&
          m.entries.some((e) => e.key === "opponent") &&
          !m.entries.every((e) => e.alias?.kind === "demonym"),
      );
      const aboutAction = this.lexicon.actionNoun?.test(rest) ?? false;
      if (!aboutTarget && !aboutAction) continue;
      return {
        cue: { ...OWN_SPEECH, language: this.lexicon.language },
        start,
        end,
        stance: "support",
        target: "none",
        rule: "the acting party speaking of its target or its action (the codebook's convention: it defends it)",
        modifiers: [],
        weight: OWN_SPEECH.weight,
      };
    }
    return null;
  }

  /** "The US said Iran was supplying ...": a speech verb between the speaker and the cue, then another subject. */
  private reportedOfAnother(c: Candidate, h: CueHit, folded: string, candidates: readonly Candidate[]): boolean {
    if (c.end > h.start) return false;
    const between = folded.slice(c.end, h.start);
    const verb = compiled(this.lexicon).speechVerbOnce.exec(between);
    if (!verb) return false;
    const verbEnd = c.end + verb.index + verb[0].length;
    // "... tweeted that the European Union would present sanctions": the same actor named again takes it.
    if (candidates.some((o) => o.actor === c.actor && o.start >= verbEnd && o.end <= h.start)) return false;
    return !/^\s*(?:that\s+)?(?:it|they|we|he|she|the (?:government|ministry|country))\b/iu.test(
      folded.slice(verbEnd, h.start),
    );
  }

  private infinitiveObject(folded: string, from: number, m: PartyMention): boolean {
    const before = folded.slice(from, m.start);
    if (/\bto\s+(?:\p{L}+\s+){1,5}$/iu.test(before)) return true;
    if (this.language === "fr" && /(?:\bde\s+|\bd')\p{L}+(?:er|ir|re)\s+(?:\p{L}+\s+){0,3}$/iu.test(before))
      return true;
    if (this.language === "de" && /^\s+(?:\p{L}+\s+){0,2}zu\s+\p{L}+/iu.test(folded.slice(m.end, m.end + 40)))
      return true;
    return false;
  }

  /**
   * The action or a party named earlier in the cue's clause, for a judgement that comes after what it judges ("the
   * decision to withdraw was wrong"): the action when it is named, else the nearest party.
   */
  private judgedBefore(folded: string, s: Sentence, cueStart: number, partyMentions: readonly PartyMention[]): Target {
    const clauseStart = this.clauseStart(folded, s, cueStart);
    const part = folded.slice(clauseStart, cueStart);
    const party = (m: PartyMention): Target => (m.entries.some((e) => e.key === "acting") ? "acting" : "opponent");
    const inClause = partyMentions.filter((m) => m.start > clauseStart && m.end <= cueStart);
    const action = this.kind === "action" ? compiled(this.lexicon).actionNounAll : null;
    let last: RegExpExecArray | null = null;
    if (action) {
      action.lastIndex = 0;
      for (let m = action.exec(part); m; m = action.exec(part)) last = m;
    }
    if (last) {
      // The action named is judged; whose it is, a party right before it says ("the Ukrainian decision").
      const at = clauseStart + last.index;
      const owner = inClause.filter((m) => m.end <= at && at - m.end <= 3).at(-1);
      return owner ? party(owner) : "acting";
    }
    // Otherwise the nearest party named as a noun; an adjective ("Russian gas") is no target.
    const near = inClause.filter((m) => !m.entries.every((e) => e.alias?.kind === "demonym")).at(-1);
    return near ? party(near) : "none";
  }

  /**
   * In a verb-final language the object stands before the verb: "Ukrayna'nın toprak bütünlüğünü ... destekliyor".
   * The nearest party before the cue in its clause, when it is not the subject (a bare name before a comma).
   */
  private objectBefore(folded: string, s: Sentence, cueEnd: number, partyMentions: readonly PartyMention[]): Target {
    const clauseStart = this.clauseStart(folded, s, cueEnd);
    const near = partyMentions.filter((m) => m.start >= clauseStart && m.end < cueEnd && cueEnd - m.end < 90).at(-1);
    if (!near) return "none";
    // Genitive, accusative or dative after the apostrophe ("Ukrayna'nın", "Rusya'yı", "Kiev'e"), not "with" or "from".
    const suffix = /['’](\p{L}+)/u.exec(folded.slice(near.start, near.end + 6))?.[1] ?? "";
    if (!/^(?:n?[ıiuü]n|y?[ıiuü]|y?[ae]|n[ae])$/u.test(suffix)) return "none";
    return near.entries.some((e) => e.key === "acting")
      ? "acting"
      : near.entries.some((e) => e.key === "opponent")
        ? "opponent"
        : "none";
  }

  /**
   * "Armenia had brought it upon itself": the party named just before a blame cue is its target; so is the one
   * before a demand in "must" or "should" ("Russia should end ..."), who is addressed rather than speaking.
   */
  private subjectParty(at: number, partyMentions: readonly PartyMention[], folded: string, mode: Cue["mode"]): Target {
    const near = partyMentions.filter((m) => m.end <= at && at - m.end < 25).at(-1);
    if (!near) return "none";
    if (mode === "demand" && !this.lexicon.undergoing?.test(folded.slice(near.end, near.end + 40))) return "none";
    return near.entries.some((e) => e.key === "acting")
      ? "acting"
      : near.entries.some((e) => e.key === "opponent")
        ? "opponent"
        : "none";
  }

  private codeSentence(
    s: Sentence,
    text: string,
    folded: string,
    base: number,
    rawHits: { cue: Cue; start: number; end: number }[],
    mentions: { start: number; end: number; entries: { key: string; alias: CoderAlias }[]; text: string }[],
    partyMentions: readonly PartyMention[],
    next: Sentence | undefined,
  ): void {
    this.windowBase = base;
    const sentenceText = folded.slice(s.start, s.end);
    const startsQuote = QUOTE_START.test(sentenceText);
    const candidates = this.candidates(
      s,
      text,
      folded,
      mentions,
      rawHits.map((h) => h.start),
    );
    const quoteMarks = (sentenceText.match(/["“”«»„]/gu) ?? []).length;
    const wasInQuote = this.inQuote;
    if (quoteMarks % 2 === 1) this.inQuote = !this.inQuote;

    const calls = rawHits.some((h) => h.cue.mode === "demand") || this.lexicon.speechVerb.test(sentenceText);
    const hits: CueHit[] = [];
    // A negation covers the rest of its clause: "did not call on Azerbaijan to end the blockade".
    let negatedUntil = -1;
    for (const h of rawHits) {
      if (h.cue.needsCall && !calls) continue;
      const modifiers: string[] = [];
      const clauseStart = this.clauseStart(folded, s, h.start);
      const before = folded.slice(Math.max(clauseStart, h.start - 45), h.start);
      const afterCue = folded.slice(h.end, Math.min(s.end, h.end + 40));
      if (this.conditional(folded, s, before, h.start) || /^\s+any\b/iu.test(afterCue)) continue;
      if (/\b(?:would|could|might)\s+(?:be|have|prove)\b/iu.test(afterCue)) continue;
      let negated = false;
      const negation = this.lexicon.negation.exec(before);
      // "did not hide its disappointment" is no negation: the idiom list is checked on the words before the cue.
      if (negation && !(this.lexicon.notNegation?.test(folded.slice(Math.max(0, h.start - 30), h.end + 8)) ?? false)) {
        negated = true;
      }
      // A reported cue ("criticism from Paris") is the other actor's statement: the negation before it is not theirs.
      if (h.start < negatedUntil && !h.cue.reported) negated = true;
      if (negated) negatedUntil = Math.max(negatedUntil, this.clauseEnd(folded, s, h.end));
      const nextCue = rawHits.find((o) => o.start >= h.end)?.start;
      let target = this.target(folded, s, h.end, partyMentions, h.start, nextCue);
      let subjectTarget = false;
      if (target === "none" && (h.cue.mode === "blame" || h.cue.mode === "demand")) {
        target = this.subjectParty(h.start, partyMentions, folded, h.cue.mode);
        subjectTarget = target !== "none";
      }
      // "found the US decision to withdraw to be wrong": a disapproval word may follow what it judges.
      if (h.cue.needsTarget && target === "none") target = this.judgedBefore(folded, s, h.start, partyMentions);
      if (h.cue.needsTarget && target === "none") continue;
      const d = directed(h.cue, target, this.kind);
      if (d.stance === null) continue;
      let stance = d.stance;
      let weight = h.cue.weight;
      let rule = d.rule;
      // "will not join the sanctions": declining a measure against the acting party is no position at all.
      if (negated && h.cue.negatedIsNone) continue;
      if (negated) {
        modifiers.push("negated");
        if (stance !== "neutral") {
          rule = `negated ${stance}: not the verb's label`;
          stance = "neutral";
          weight = Math.min(weight, 0.4);
        }
      }
      if (h.cue.mode === "object" && target === "none") weight *= 0.95;
      // "condemned the escalation": violence with no one named blames no side (the codebook's neutral).
      if (
        h.cue.mode === "object" &&
        target === "none" &&
        stance === "condemn" &&
        this.lexicon.violenceNoun?.test(afterCue)
      ) {
        stance = "neutral";
        rule = "condemns violence without naming who is to blame";
        weight = Math.min(weight, 0.6);
      }
      hits.push({ cue: h.cue, start: h.start, end: h.end, stance, target, rule, modifiers, weight, subjectTarget });
    }
    const ownSpeech = this.ownActionSpeech(s, folded, candidates, partyMentions, hits);
    if (ownSpeech) hits.push(ownSpeech);
    if (hits.length === 0) {
      if (candidates.length) this.last = { actors: candidates, sentence: this.sentenceIndex };
      return;
    }

    // Who speaks: the actors in the cue's clause, else in the sentence, else a back reference.
    const assignments = new Map<string, { candidate: Candidate; hits: CueHit[]; via: string | null }>();
    const assign = (c: Candidate, h: CueHit, via: string | null) => {
      const entry = assignments.get(c.actor) ?? { candidate: c, hits: [], via };
      entry.hits.push(h);
      assignments.set(c.actor, entry);
    };
    const backRef = this.backReference(
      folded,
      sentenceText,
      startsQuote || wasInQuote,
      next,
      text,
      mentions,
      candidates.length > 0,
    );
    for (const h of hits) {
      const speakers = this.speakersOf(h, s, folded, candidates, partyMentions, startsQuote);
      const anaphoric = backRef?.via === "back-reference" && this.lexicon.anaphor.test(sentenceText);
      if (anaphoric && backRef && !speakers.some((c) => c.end <= h.start)) {
        for (const c of backRef.actors) {
          assign(c, { ...h, modifiers: [...h.modifiers, backRef.via], weight: h.weight * 0.85 }, backRef.via);
        }
      }
      if (speakers.length) {
        const reported = h.cue.reported === true;
        for (const c of speakers) {
          assign(c, reported ? { ...h, modifiers: [...h.modifiers, "reported"], weight: h.weight * 0.75 } : h, null);
        }
      } else if (backRef && !this.partySpeaks(h, s, folded, partyMentions)) {
        for (const c of backRef.actors) {
          assign(c, { ...h, modifiers: [...h.modifiers, backRef.via], weight: h.weight * 0.85 }, backRef.via);
        }
      }
    }
    if (candidates.length) this.last = { actors: candidates, sentence: this.sentenceIndex };

    const citation = this.citationOf(base + s.start, base + s.end);
    const cited = citation === null ? null : (this.citations[citation] as Citation);
    for (const [actor, a] of assignments) {
      // A measure ("supplying missiles") after "X said" is X's only when X (or a pronoun for it) takes it.
      a.hits = a.hits.filter((h) => !h.cue.measure || !this.reportedOfAnother(a.candidate, h, folded, candidates));
      if (a.hits.length === 0) continue;
      const own = this.actingActors.has(actor);
      const chosen = own
        ? ownActionStatement(a.hits.filter((h) => this.voicesOwnAction(a.candidate, a.via, h, folded, candidates)))
        : pickStatement(a.hits.filter((h) => !h.cue.actingOnly));
      if (!chosen) continue;
      const statementDate = cited?.date ?? this.date;
      const explanation: Explanation = {
        alias: a.via ? `${a.candidate.text} (${a.via})` : a.candidate.text,
        aliasKind: a.via ? "back-reference" : a.candidate.alias.kind,
        cue: text.slice(chosen.start, chosen.end),
        cueId: chosen.cue.id,
        target: chosen.target,
        rule: chosen.rule,
        modifiers: chosen.modifiers,
        language: chosen.cue.language,
      };
      this.weights.push(chosen.weight);
      this.statements.push({
        actor,
        stance: chosen.stance,
        confidence: calibrate(chosen.weight, this.calibration),
        evidenceStart: base + s.start,
        evidenceEnd: base + s.end,
        evidence: this.text.slice(base + s.start, base + s.end),
        statementDate,
        statementDatePrecision: cited ? cited.precision : this.precision,
        citation,
        explanation,
      });
    }
  }

  /**
   * The actors who voice a cue: those named before it in its clause (unless the acting party or its opponent is
   * the nearer subject), else those named after it as an agent ("condemnation from Paris", "by the EU") or
   * as the one who said it ("..., Zakharova said"). An actor named after an active verb is its object.
   */
  private speakersOf(
    h: CueHit,
    s: Sentence,
    folded: string,
    candidates: Candidate[],
    partyMentions: readonly PartyMention[],
    startsQuote: boolean,
  ): Candidate[] {
    const clauseStart = this.clauseStart(folded, s, h.start);
    const clauseEnd = this.clauseEnd(folded, s, h.end);
    if (!h.cue.reported) {
      const before = candidates.filter((c) => {
        if (c.start < clauseStart || c.end > h.start) return false;
        const gap = folded.slice(c.end, h.start);
        // The agent of an earlier passive ("a statement issued by France on ...") is not the cue's subject.
        const lead = folded.slice(Math.max(s.start, c.start - 12), c.start);
        if (/\bby\s+(?:the\s+)?$/iu.test(lead) && gap.length > 25) return false;
        // A relative clause ("entities that have criticized") has its own subject.
        if (
          /\b(?:that|which|who)\s+(?:(?:have|has|had|was|were|is|are|also|reportedly|repeatedly)\s+){0,2}$/iu.test(
            gap,
          ) &&
          gap.length > 30
        ) {
          return false;
        }
        return true;
      });
      if (before.length) {
        const nearest = Math.max(...before.map((c) => c.end));
        if (h.subjectTarget || !this.partySpeaks(h, s, folded, partyMentions, nearest)) return before;
        return [];
      }
      // "Paris urged both sides to talk but condemned ...": the subject carries over to the next clause.
      const earlier = candidates.filter((c) => c.end <= clauseStart);
      if (earlier.length && /^\s*(?:\p{Ll}+\s+){0,2}$/u.test(folded.slice(clauseStart, h.start))) {
        const nearest = Math.max(...earlier.map((c) => c.end));
        if (!this.partySpeaks(h, s, folded, partyMentions, nearest)) return earlier;
      }
    }
    // The acting party (or its opponent) as the subject voices a non-reported cue itself ("Baku's disappointment").
    if (!h.cue.reported && this.partySpeaks(h, s, folded, partyMentions)) return [];
    const after = candidates.filter((c) => c.start >= h.end && c.start < (h.cue.reported ? s.end : clauseEnd));
    return after.filter((c) => {
      const lead = folded.slice(Math.max(h.end, c.start - 40), c.start);
      if (h.cue.reported) {
        // "the statement by Kyiv that Germany was slow": a name inside what was said is not its author.
        if (/\b(?:that|which|who)\b/iu.test(folded.slice(h.end, c.start))) return false;
        return c.start - h.end < 60 || /(?:,|and|as well as)\s*(?:the\s+)?[\p{L}\s.'-]{0,30}$/iu.test(lead);
      }
      // The agent of a passive or a noun: "by the EU", "from European Council head Charles Michel".
      if (/\b(?:by|from)\s+(?:the\s+)?(?:\p{Lu}[\p{L}.'-]*\s+){0,3}$/u.test(lead)) return true;
      const around = folded.slice(Math.max(h.end, c.start - 30), Math.min(s.end, c.end + 30));
      if (this.lexicon.speechVerb.test(around)) return true;
      return startsQuote && /["”»]/u.test(folded.slice(h.end, c.start));
    });
  }

  /**
   * Whether the acting party itself voices a cue, rather than being its object: it is the nearest subject before
   * the cue ("Moscow rejected ..."), or the one who said it right after ("..., Putin said"); never a cue aimed at
   * the acting party, and never through a pronoun that may stand for someone else.
   */
  private voicesOwnAction(
    c: Candidate,
    via: string | null,
    h: CueHit,
    folded: string,
    candidates: readonly Candidate[],
  ): boolean {
    if (h.target === "acting" && !h.cue.actingOnly) return false;
    if (h.cue.measure) return false;
    if (via !== null) return via === "attributed in the next sentence" || via === "back-reference";
    if (c.end <= h.start) return !candidates.some((o) => o.actor !== c.actor && o.start >= c.end && o.end <= h.start);
    const gap = folded.slice(h.end, c.start);
    if (!/[,"]/u.test(gap)) return false;
    const around = folded.slice(Math.max(h.end, c.start - 15), c.end + 25);
    return this.lexicon.speechVerb.test(around);
  }

  /** The acting party or its opponent is named as the subject between the speaker and the cue. */
  private partySpeaks(
    h: CueHit,
    s: Sentence,
    folded: string,
    partyMentions: readonly PartyMention[],
    after = this.clauseStart(folded, s, h.start),
  ): boolean {
    return partyMentions.some((m) => {
      if (m.start < after || m.end > h.start) return false;
      // A demonym is an adjective ("the Russian decision"), never the subject that speaks.
      if (m.entries.every((e) => e.alias?.kind === "demonym")) return false;
      const before = folded.slice(Math.max(s.start, m.start - 60), m.start);
      if (this.lexicon.excludingPreposition.test(before)) return false;
      // A possessive or adjective ("Azerbaijan's offensive", "Azerbaijani forces") is not a subject.
      // A case suffix after an apostrophe (Turkish "Azerbaycan'ın") is not the subject either.
      if (/['’]\p{L}+$/u.test(folded.slice(m.start, m.end))) return false;
      const next = folded.slice(m.end, m.end + 3);
      if (/^['’]s?\b/u.test(next)) return false;
      // "... that Russia should end ...": the party named before "must" or "should" is addressed, not speaking.
      if (this.lexicon.undergoing?.test(folded.slice(m.end, m.end + 40))) return false;
      // "Blinken called Aliyev and urged him ...": a name right after the speaker's verb is its object.
      if (
        after < m.start &&
        /^\s+\p{Ll}+\s+$/u.test(folded.slice(after, m.start)) &&
        !JOINING.test(folded.slice(after, m.start))
      )
        return false;
      // "Fidan said Azerbaijan had acted within its territory": the party is inside what the speaker said.
      if (this.lexicon.speechVerb.test(folded.slice(after, m.start))) return false;
      return /^(?:\s|,)/u.test(next) && h.start - m.end < 40;
    });
  }

  private clauseStart(folded: string, s: Sentence, at: number): number {
    let start = s.start;
    CLAUSE_BREAK.lastIndex = 0;
    const part = folded.slice(s.start, at);
    for (let m = CLAUSE_BREAK.exec(part); m; m = CLAUSE_BREAK.exec(part)) start = s.start + m.index + m[0].length;
    return start;
  }

  private clauseEnd(folded: string, s: Sentence, at: number): number {
    CLAUSE_BREAK.lastIndex = 0;
    const m = CLAUSE_BREAK.exec(folded.slice(at, s.end));
    return m ? at + m.index : s.end;
  }

  /**
   * A sentence with a cue and no named speaker: "Each demanded ...", "He added ...", a quote that goes on,
   * or a quote attributed in the next line ("– Dmitry Peskov said.").
   */
  private backReference(
    folded: string,
    sentenceText: string,
    quoted: boolean,
    next: Sentence | undefined,
    text: string,
    mentions: { start: number; end: number; entries: { key: string; alias: CoderAlias }[]; text: string }[],
    namesActors: boolean,
  ): { actors: Candidate[]; via: string } | null {
    const recent = this.last && this.sentenceIndex - this.last.sentence <= 3 ? this.last : null;
    if (recent && this.lexicon.anaphor.test(sentenceText)) return { actors: recent.actors, via: "back-reference" };
    // A sentence that names actors of its own only refers back through a pronoun subject (above).
    if (namesActors) return null;
    // First person outside a quote in a report published by a government body: the body speaks.
    if (this.voice.length && !quoted && /(?:^|\s)(?:i|we|our|my)\s/iu.test(` ${sentenceText} `)) {
      return { actors: this.voice, via: "the publishing body's own voice" };
    }
    if (recent && quoted) return { actors: recent.actors, via: "quote continues" };
    if (recent && /\b(?:he|she|they)\s+(?:\p{L}+\s+)?$/iu.test(sentenceText.replace(/[.,"'”’]+$/u, "").slice(-30))) {
      return { actors: recent.actors, via: "back-reference" };
    }
    if (
      recent &&
      this.lexicon.speechVerb.test(sentenceText) &&
      /\b(?:he|she|they|the (?:minister|spokes\p{L}+|president|official))\b/iu.test(sentenceText)
    ) {
      return { actors: recent.actors, via: "back-reference" };
    }
    if (next && next.end - next.start < 90) {
      const nextText = folded.slice(next.start, next.end);
      if (this.lexicon.speechVerb.test(nextText)) {
        const nextMentions = this.candidates(
          next,
          text,
          folded,
          this.actorMatcher.find(folded, text, next.start, next.end),
        );
        if (nextMentions.length) return { actors: nextMentions, via: "attributed in the next sentence" };
      }
    }
    void mentions;
    return null;
  }

  private citationOf(start: number, end: number): number | null {
    for (let i = this.firstCitationEndingAfter(start); i < this.citations.length; i++) {
      const c = this.citations[i] as Citation;
      if (c.start > end + 2) break;
      if (c.start >= start) return i;
    }
    return null;
  }
}

/**
 * A name in a case other than the subject's: German "Russlands" (genitive), Russian or Ukrainian "России",
 * "Москвой", "Україною". Masculine genitives ("Путина") look like feminine subjects and pass.
 */
function oblique(name: string, following: string, language: string): boolean {
  if (language === "de") return /\p{Ll}s$/u.test(name) && !/(?:ss|us|is|os)$/u.test(name);
  // Turkish marks case after an apostrophe: "Rusya'nın" (genitive), "Ukrayna'ya" (dative).
  if (language === "tr") return /['’]\p{L}+$/u.test(name) || /^['’]\p{L}/u.test(following);
  if (language === "ru" || language === "uk") return /(?:[иыеуюії]|ой|ей|ою|ею|ом|ем)$/iu.test(name);
  return false;
}

/** Of a sentence's cues for one actor, the one that decides: one-sided over neutral, then the strongest. */
function pickStatement(hits: readonly CueHit[]): CueHit | null {
  const sided = hits.filter((h) => h.stance !== "neutral");
  const pool = sided.length ? sided : hits;
  if (pool.length === 0) return null;
  return pool.reduce((a, b) => (b.weight > a.weight ? b : a));
}

/**
 * The acting party speaking of its own action: only what backs it counts (its justifications, blame or demands
 * aimed at the other side). Its condemnation of others' measures and its calls for calm are no position on the
 * action, so they are left out rather than guessed.
 */
function ownActionStatement(hits: readonly CueHit[]): CueHit | null {
  const backing = hits.filter((h) => h.stance === "support" && (h.cue.actingOnly || h.target !== "acting"));
  if (backing.length === 0) return null;
  const best = backing.reduce((a, b) => (b.weight > a.weight ? b : a));
  return best.cue.actingOnly ? { ...best, rule: "the acting party justifies its own action" } : best;
}

/**
 * The report-level stance per actor by the codebook's rules (see reduceStances). `weights` are the statements' raw
 * weights: their combination goes through the same calibration as a statement's weight.
 */
export function reportStances(
  statements: readonly CodedStatement[],
  weights: readonly number[],
  calibration: Calibration | null,
): ReportStance[] {
  const raw = weights.map((w) => calibrate(w, null));
  const byActor = new Map<string, number[]>();
  statements.forEach((s, i) => {
    const list = byActor.get(s.actor) ?? [];
    list.push(i);
    byActor.set(s.actor, list);
  });
  const out: ReportStance[] = [];
  for (const [actor, indexes] of byActor) {
    const stance = reduceStances(
      indexes.map((i) => {
        const s = statements[i] as CodedStatement;
        return { stance: s.stance, date: s.statementDate, position: s.evidenceStart };
      }),
    );
    if (!stance) continue;
    // The statement that carries the label: the latest of that stance, as reduceStances chose it.
    const carrying = indexes
      .filter((i) => (statements[i] as CodedStatement).stance === stance)
      .reduce((a, b) => {
        const sa = statements[a] as CodedStatement;
        const sb = statements[b] as CodedStatement;
        return sb.statementDate > sa.statementDate ||
          (sb.statementDate === sa.statementDate && sb.evidenceStart > sa.evidenceStart)
          ? b
          : a;
      });
    out.push({
      actor,
      stance,
      confidence: calibrate(reportWeight(statements, raw, indexes, carrying, stance), calibration),
      statement: carrying,
    });
  }
  return out;
}

/**
 * The raw weight of a report-level label: its strongest statement's weight, raised by each other statement that
 * agrees with it and lowered by each that takes the opposite side (a neutral one neither raises nor lowers it).
 */
function reportWeight(
  statements: readonly CodedStatement[],
  raw: readonly number[],
  indexes: readonly number[],
  carrying: number,
  stance: Stance,
): number {
  // The strongest agreeing statement is the base; the carrying one is only the latest.
  const agreeing = indexes.filter((i) => (statements[i] as CodedStatement).stance === stance);
  const base = agreeing.reduce((a, b) => ((raw[b] as number) > (raw[a] as number) ? b : a), carrying);
  let c = raw[base] as number;
  for (const i of indexes) {
    if (i === base) continue;
    const other = statements[i] as CodedStatement;
    const w = raw[i] as number;
    if (other.stance === stance) c += (1 - c) * w * 0.3;
    else if (other.stance !== "neutral" && stance !== "neutral") c *= 1 - w * 0.3;
  }
  return c;
}

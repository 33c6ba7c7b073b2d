import fc from "fast-check";
import { describe, expect, test } from "vitest";
import actorsData from "@/db/seed/actors.json";
import {
  type CodeInput,
  type CodeResult,
  type CoderActor,
  codeReport,
  codeReportAsync,
  WINDOW_CHARS,
} from "@/domain/coder";
import { normalizeBody } from "@/domain/text";

/**
 * Hostile input for the coder: whatever text an import or a client sends (any Unicode, up to 20,000
 * characters), it must not throw, every offset it returns must point into the text it was given, and the same
 * input must give the same output (the sync and the windowed async coder alike).
 */

const MAX_CHARS = 20_000;
const actors = (actorsData as { actors: CoderActor[] }).actors;
const OPERATION = { title: "Azerbaijan's military operation in Karabakh", actingParty: "Azerbaijan" };
const AGREEMENT = { title: "The Washington peace agreement", actingParty: "Azerbaijan" };

// The actors' own aliases (a trailing * is a wildcard in the data, so give it an ending), and the parties.
const ALIASES = actors.flatMap((a) => a.aliases.map((x) => x.alias.replace(/\*$/, "a")));
const PARTIES = ["Azerbaijan", "Baku", "Aliyev", "Armenia", "Yerevan", "Pashinyan", "Azerbaijani", "Armenian"];
const CUES = [
  "condemned",
  "condemns",
  "welcomed",
  "supports",
  "backed",
  "denounced",
  "criticised",
  "called on",
  "urged",
  "demanded",
  "blamed",
  "praised",
  "expressed concern about",
  "did not condemn",
  "refused to criticise",
  "if",
  "would",
  "said",
  "stated",
  "according to",
  "both sides",
  "the offensive",
  "the operation",
  "Each demanded",
  "They",
  "It",
  "its",
  "the ministry",
  "the spokesman",
  "the agreement",
];
const PUNCTUATION = [
  ". ",
  "! ",
  "? ",
  "…",
  "...",
  "; ",
  ": ",
  " — ",
  " - ",
  ", ",
  "\n",
  "\n\n",
  "\r\n",
  "\t",
  " ",
  "  ",
];
const QUOTES = ['"', "“", "”", "«", "»", "„", "‘", "’", "'", "‹", "›", "「", "」"];
const CITATIONS = [
  "(Le Monde, Sept. 20)",
  "(Reuters, 21 September 2023)",
  "(TASS, 2023-09-19)",
  "(AFP, September 31)",
  "(, )",
  "(Anadolu,",
  "(BBC, Feb. 29, 2023)",
];
// Right-to-left scripts, bidi controls, combining marks, emoji sequences and other characters that trip
// offset arithmetic: astral code points are two UTF-16 units, NFC can merge or split marks.
const AWKWARD = [
  "أذربيجان تدين الهجوم",
  "فرنسا",
  "ארמניה גינתה",
  "\u200f",
  "\u200e",
  "\u202e",
  "\u2066",
  "\u2069",
  "\u200b",
  "\u200d",
  "\ufeff",
  "e\u0301",
  "\u0301",
  "👨‍👩‍👧",
  "🇫🇷",
  "𝐀𝐳𝐞𝐫𝐛𝐚𝐢𝐣𝐚𝐧",
  "\ud800",
  "\udfff",
  "\u0000",
  "\u2028",
  "\u2029",
  "İ",
  "ß",
  "ﬁ",
  "Ⅻ",
];

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ALIASES) },
  { weight: 2, arbitrary: fc.constantFrom(...PARTIES) },
  { weight: 4, arbitrary: fc.constantFrom(...CUES) },
  { weight: 4, arbitrary: fc.constantFrom(...PUNCTUATION) },
  { weight: 2, arbitrary: fc.constantFrom(...QUOTES) },
  { weight: 1, arbitrary: fc.constantFrom(...CITATIONS) },
  { weight: 2, arbitrary: fc.constantFrom(...AWKWARD) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
);

/** A statement the coder can read: a speaker, a cue and a target, quoted or cited, ended or not. */
const statement = fc
  .tuple(
    fc.constantFrom("", "", ...QUOTES),
    fc.constantFrom(...ALIASES),
    fc.constantFrom("", " not", " strongly", " on Monday"),
    fc.constantFrom(...CUES),
    fc.constantFrom(...PARTIES, "the offensive", "both sides", "the operation"),
    fc.constantFrom("", " to stop", " and Armenia", " for its attack"),
    fc.constantFrom("", "", " ", ...CITATIONS.map((c) => ` ${c}`)),
    fc.constantFrom(...PUNCTUATION, ".", ""),
  )
  .map(
    ([quote, who, adverb, cue, target, tail, cited, end]) =>
      `${quote}${who}${adverb} ${cue} ${target}${tail}${cited}${end}`,
  );

/** Report-like prose: statements, loose pieces and punctuation, with hostile characters mixed in. */
const prose = (minParts: number, maxParts: number) =>
  fc
    .array(
      fc.tuple(
        fc.oneof({ weight: 2, arbitrary: statement }, { weight: 3, arbitrary: piece }),
        fc.constantFrom(" ", "", " ", "\n"),
      ),
      // Without size "max" fast-check keeps arrays to about ten items whatever the maximum.
      { minLength: minParts, maxLength: maxParts, size: "max" },
    )
    .map((parts) => parts.map(([p, sep]) => p + sep).join(""));

const upTo = (s: string) => s.slice(0, MAX_CHARS);

const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 400 }),
  fc.string({ unit: "binary", maxLength: 400 }),
  fc.string({ unit: "grapheme-composite", maxLength: 200 }),
  prose(0, 120),
);

/** Long texts that span several of the coder's windows (16,000 characters). */
const longText = fc.oneof(
  fc.string({ unit: "grapheme", minLength: 15_000, maxLength: MAX_CHARS }).map(upTo),
  fc.string({ unit: "binary", minLength: 15_000, maxLength: MAX_CHARS }).map(upTo),
  prose(2_500, 3_000).map(upTo),
);

const meta = fc.record({
  language: fc.constantFrom("en", "fr", "de", "ru", "tr", "uk", "xx", "EN", ""),
  topic: fc.constantFrom(OPERATION, AGREEMENT),
  publishedOn: fc.constantFrom("2023-09-20", "2020-02-29", "1999-12-31"),
  publishedPrecision: fc.constantFrom("day" as const, "month" as const),
  title: fc.oneof(fc.constant(undefined), fc.constantFrom(...ALIASES), fc.string({ unit: "grapheme", maxLength: 40 })),
  outlet: fc.oneof(fc.constant(undefined), fc.constantFrom("Auswärtiges Amt", "Reuters", "МИД России")),
});

function input(body: string, m: Omit<CodeInput, "text" | "actors">): CodeInput {
  return { ...m, text: body, actors };
}

/** Every offset the result carries points into `body`, and every evidence is exactly its slice. */
function expectOffsetsInside(body: string, result: CodeResult): void {
  for (const s of result.statements) {
    expect(Number.isInteger(s.evidenceStart) && Number.isInteger(s.evidenceEnd)).toBe(true);
    expect(s.evidenceStart).toBeGreaterThanOrEqual(0);
    expect(s.evidenceEnd).toBeGreaterThan(s.evidenceStart);
    expect(s.evidenceEnd).toBeLessThanOrEqual(body.length);
    expect(s.evidence).toBe(body.slice(s.evidenceStart, s.evidenceEnd));
    if (s.citation !== null) expect(result.citations[s.citation]).toBeDefined();
    expect(actors.some((a) => a.code === s.actor)).toBe(true);
    expect(s.confidence).toBeGreaterThanOrEqual(0);
    expect(s.confidence).toBeLessThanOrEqual(1);
  }
  for (const c of result.citations) {
    expect(c.start).toBeGreaterThanOrEqual(0);
    expect(c.end).toBeGreaterThan(c.start);
    expect(c.end).toBeLessThanOrEqual(body.length);
    expect(c.citation).toBe(body.slice(c.start, c.end));
  }
  for (const r of result.reportStances) {
    expect(result.statements[r.statement]?.actor).toBe(r.actor);
  }
}

// Generous: a busy shared machine can be several times slower; nothing here is timed, the limit only stops a hang.
describe("coder on hostile text (fast-check)", { timeout: 120_000 }, () => {
  test("short texts of any Unicode and report-like prose: no throw, offsets inside, evidence = slice", () => {
    fc.assert(
      fc.property(text, meta, fc.boolean(), (raw, m, normalise) => {
        // Ingest codes the normalised body; the coder must also survive text that skipped normalisation.
        const body = normalise ? normalizeBody(raw) : raw;
        expectOffsetsInside(body, codeReport(input(body, m)));
      }),
      { numRuns: 600 },
    );
  });

  test("texts of 15,000 to 20,000 characters across the coder's windows: no throw, offsets inside", async () => {
    await fc.assert(
      fc.asyncProperty(longText, meta, async (raw, m) => {
        const body = normalizeBody(raw);
        const result = await codeReportAsync(input(body, m));
        expectOffsetsInside(body, result);
      }),
      { numRuns: 25 },
    );
  });

  test("deterministic: the same input twice gives deep-equal output, sync and windowed async alike", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 5, arbitrary: text }, { weight: 1, arbitrary: longText }),
        meta,
        async (raw, m) => {
          const first = codeReport(input(raw, m));
          const second = codeReport(input(raw, m));
          expect(second).toEqual(first);
          expect(await codeReportAsync(input(raw, m))).toEqual(first);
        },
      ),
      { numRuns: 120 },
    );
  });

  test("a language tag Intl cannot read is coded like English instead of throwing", () => {
    const body = "Paris condemned the offensive in the strongest terms.";
    const english = codeReport(input(body, { language: "en", topic: OPERATION, publishedOn: "2023-09-22" }));
    expect(english.statements.map((s) => [s.actor, s.stance])).toEqual([["FR", "condemn"]]);
    for (const language of ["", "1x", "-"]) {
      expect(codeReport(input(body, { language, topic: OPERATION, publishedOn: "2023-09-22" })).statements).toEqual(
        english.statements.map((s) => ({ ...s, explanation: { ...s.explanation, language: expect.any(String) } })),
      );
    }
  });

  test("the generators reach the coder's paths: prose yields statements and citations", () => {
    // Guards the properties above against a generator that only ever makes text the coder ignores.
    const samples = fc.sample(fc.tuple(prose(0, 120), meta), { numRuns: 200, seed: 42 });
    const results = samples.map(([body, m]) => codeReport(input(body, m)));
    expect(results.filter((r) => r.statements.length > 0).length).toBeGreaterThan(20);
    expect(results.filter((r) => r.citations.length > 0).length).toBeGreaterThan(5);
    // The long texts are long enough to be coded in more than one window.
    const long = fc.sample(longText, { numRuns: 30, seed: 7 }).map((t) => normalizeBody(t).length);
    expect(long.filter((n) => n > WINDOW_CHARS).length).toBeGreaterThan(20);
    expect(Math.max(...long)).toBeLessThanOrEqual(MAX_CHARS);
  });
});

describe("the coder stays linear on hostile text", () => {
  const meta = {
    title: "Hostile paste",
    outlet: "Test",
    publishedOn: "2023-10-01",
    publishedPrecision: "day" as const,
    language: "en",
    topic: OPERATION,
  };
  /** Milliseconds to code a text: the best of two runs, so that a pause of the machine does not count. */
  const time = (text: string) => {
    let best = Number.POSITIVE_INFINITY;
    for (let run = 0; run < 2; run++) {
      const started = performance.now();
      const result = codeReport(input(text, meta));
      best = Math.min(best, performance.now() - started);
      expectOffsetsInside(text, result);
    }
    return best;
  };

  // Names and cues with no full stop between them make one sentence of every alternation, and the work per
  // sentence grows with the names and cues in it: unless the coder cuts such a stretch into pieces, the time grows
  // with the square of the text.
  const hostile: [string, (n: number) => string][] = [
    ["a name and a cue, again and again", (n) => "Turkey condemned ".repeat(n)],
    ["several names and cues", (n) => "Turkey Russia France condemned welcomed Azerbaijan ".repeat(n)],
    ["one word", (n) => "a".repeat(n * 100)],
  ];
  for (const [what, make] of hostile) {
    test(`${what}: four times the text takes at most about four times as long`, () => {
      time(make(500));
      const small = time(make(2_500));
      const large = time(make(10_000));
      // Linear is 4; quadratic would be 16. The floor keeps a fast small run from making the ratio noise.
      expect(large / Math.max(small, 40)).toBeLessThan(8);
    }, 60_000);
  }
});

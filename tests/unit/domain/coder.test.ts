import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import actorsData from "@/db/seed/actors.json";
import sample from "@/db/seed/karabakh-2023.json";
import { type CodeInput, type CoderActor, calibrate, codeReport } from "@/domain/coder";
import { fold } from "@/domain/coder/fold";
import { segmentSentences } from "@/domain/coder/segment";
import { normalizeBody } from "@/domain/text";

const actors = (actorsData as { actors: CoderActor[] }).actors;
const OPERATION = { title: "Azerbaijan's military operation in Karabakh", actingParty: "Azerbaijan" };

function code(text: string, extra: Partial<CodeInput> = {}) {
  return codeReport({ text, language: "en", publishedOn: "2023-09-22", topic: OPERATION, actors, ...extra });
}

/** The report-level label per actor, e.g. { FR: "condemn" }. */
function labels(text: string, extra: Partial<CodeInput> = {}): Record<string, string> {
  const r = code(text, extra);
  return Object.fromEntries(r.reportStances.map((s) => [s.actor, s.stance]));
}

describe("segmentation and folding", () => {
  test("abbreviations and initials do not end a sentence; blank lines do", () => {
    const text = "The U.S. envoy met Mr. Smith on Sept. 4 in Baku. Talks went on.\n\nA new paragraph.";
    const sentences = segmentSentences(text, "en", new Set(["mr.", "sept."]));
    expect(sentences.map((s) => text.slice(s.start, s.end))).toEqual([
      "The U.S. envoy met Mr. Smith on Sept. 4 in Baku.",
      "Talks went on.",
      "A new paragraph.",
    ]);
    expect(sentences.map((s) => s.paragraph)).toEqual([0, 0, 1]);
  });

  test("folding keeps every offset", () => {
    const text = "Erdoğan’s «support» — İstanbul, Çavuşoğlu";
    expect(fold(text)).toHaveLength(text.length);
    expect(fold(text)).toBe('Erdogan\'s "support" - Istanbul, Cavusoglu');
  });
});

describe("hard cases of the codebook", () => {
  test("direct condemnation, with the sentence as evidence and its offsets", () => {
    const text = "Paris condemned the offensive in the strongest terms. Markets were calm.";
    const r = code(text);
    const s = r.statements.find((x) => x.actor === "FR");
    expect(s).toMatchObject({ stance: "condemn", evidence: "Paris condemned the offensive in the strongest terms." });
    expect(text.slice(s?.evidenceStart, s?.evidenceEnd)).toBe(s?.evidence);
    expect(s?.explanation).toMatchObject({ alias: "Paris", aliasKind: "capital", cueId: "condemn" });
  });

  test("reported criticism: 'Baku rejected the criticism from Paris' codes France, with lower confidence", () => {
    const r = code("Baku rejected the criticism from Paris as biased.");
    const fr = r.statements.find((x) => x.actor === "FR");
    expect(fr?.stance).toBe("condemn");
    expect(fr?.explanation.modifiers).toContain("reported");
    // Below what a weight of 0.7 calibrates to (the map keeps the weights' order).
    expect(fr?.confidence).toBeLessThan(calibrate(0.7));
    expect(fr?.confidence).toBeLessThan(code("Paris condemned the offensive.").statements[0]?.confidence ?? 0);
  });

  test("a demonym is not a speaker unless a speaking body follows", () => {
    expect(labels("Russian peacekeepers stood by as the offensive went on.")).toEqual({});
    expect(labels("Turkish drones supported the advance.")).toEqual({});
    expect(labels("The Russian Foreign Ministry called on both sides to stop fighting.")).toEqual({ RU: "neutral" });
  });

  test("direction: a demand on the acting party condemns, on both sides is neutral, on its opponent supports", () => {
    expect(labels("Germany called on Azerbaijan to halt the assault at once.")).toEqual({ DE: "condemn" });
    expect(labels("Germany called on both sides to show restraint.")).toEqual({ DE: "neutral" });
    expect(labels("Ankara urged Yerevan to withdraw its troops from the region.")).toEqual({ TR: "support" });
  });

  test("blame: blaming the opponent supports the acting party", () => {
    expect(labels("The Kremlin blamed Armenia for the escalation.")).toEqual({ RU: "support" });
  });

  test("group and back references give every named actor the label", () => {
    const text =
      "France, Germany and the United States spoke out within hours. Each demanded that Baku stop the offensive.";
    expect(labels(text)).toEqual({ FR: "condemn", DE: "condemn", US: "condemn" });
    const quoted = "Lavrov met reporters in Moscow. He said the fighting must stop and urged both sides to talk.";
    expect(labels(quoted)).toEqual({ RU: "neutral" });
  });

  test("negation is not the verb's label; a conditional is no stance at all", () => {
    const negated = code("Washington did not condemn the operation.");
    expect(negated.reportStances).toEqual([expect.objectContaining({ actor: "US", stance: "neutral" })]);
    expect(negated.statements[0]?.explanation.modifiers).toContain("negated");
    expect(labels("Berlin refused to back the offensive.")).toEqual({ DE: "neutral" });
    expect(labels("The EU would condemn any attack on civilians.")).toEqual({});
  });

  test("mixed: a call on both sides plus blame of one side is the one-sided label", () => {
    expect(labels("Paris urged both sides to de-escalate but condemned Azerbaijan's shelling of Stepanakert.")).toEqual(
      {
        FR: "condemn",
      },
    );
  });

  test("several statements: the later one in time wins between support and condemn", () => {
    const text =
      "Moscow condemned the attack (TASS, September 19). Two days later the Kremlin praised Azerbaijan (TASS, September 21).";
    const r = code(text, { publishedOn: "2023-10-01" });
    expect(r.reportStances).toEqual([expect.objectContaining({ actor: "RU", stance: "support" })]);
    expect(r.statements.map((s) => s.statementDate)).toEqual(["2023-09-19", "2023-09-21"]);
  });

  test("officials only speak for their country while in office", () => {
    expect(labels("Pompeo condemned the operation.", { publishedOn: "2023-09-20" })).toEqual({});
    expect(labels("Pompeo condemned the operation.", { publishedOn: "2020-09-28" })).toEqual({ US: "condemn" });
  });

  test("a quote attributed in the next line", () => {
    expect(labels("“This is an internal affair of Azerbaijan,”\n\n– Peskov said.")).toEqual({ RU: "support" });
  });

  test("an agreement topic: welcoming it is support", () => {
    const topic = { title: "The Armenia-Azerbaijan peace agreement", actingParty: "Armenia and Azerbaijan" };
    expect(labels("The EU welcomed the agreement as a historic step.", { topic })).toEqual({ EU: "support" });
  });

  test("other languages: French, German, Russian, Turkish", () => {
    expect(labels("La France condamne l'offensive de l'Azerbaïdjan.", { language: "fr" })).toEqual({ FR: "condemn" });
    expect(labels("Die Bundesregierung fordert beide Seiten zur Zurückhaltung auf.", { language: "de" })).toEqual({
      DE: "neutral",
    });
    expect(labels("МИД России призвал стороны к сдержанности.", { language: "ru" })).toEqual({ RU: "neutral" });
    expect(labels("Ankara, Azerbaycan'ın yanında olduğunu açıkladı.", { language: "tr" })).toEqual({ TR: "support" });
  });

  test("explanation names the alias, the cue, the target and the rule", () => {
    const [s] = code("Blinken urged Azerbaijan to stop the offensive.").statements;
    expect(s?.explanation).toMatchObject({ alias: "Blinken", aliasKind: "official", target: "acting" });
    expect(s?.explanation.rule).toMatch(/acting party/);
  });
});

describe("the seed article", () => {
  test("the coder finds the hand-coded report-level stances of all six actors", () => {
    const report = sample.report as { file: string; publishedOn: string; publishedPrecision: "day" | "month" };
    const text = normalizeBody(fs.readFileSync(path.join("db/seed", report.file), "utf8"));
    const r = codeReport({
      text,
      language: "en",
      publishedOn: report.publishedOn,
      publishedPrecision: report.publishedPrecision,
      topic: { title: sample.topic.title, actingParty: sample.topic.actingParty },
      actors,
    });
    const got = Object.fromEntries(r.reportStances.map((s) => [s.actor, s.stance]));
    expect(got).toMatchObject({ TR: "support", FR: "condemn", DE: "condemn", US: "condemn", EU: "condemn" });
    // Russia: a neutral call on both sides on the 19th, then Medvedev's support on the 21st.
    expect(got.RU).toBe("support");
    const erdogan = r.statements.find((s) => s.actor === "TR" && /pride/.test(s.evidence));
    expect(erdogan?.statementDate).toBe("2023-09-25");
    expect(r.citations.length).toBe(17);
  });
});

describe("long input", () => {
  test("a long text is coded window by window with the same result as its parts", () => {
    const para = "Paris condemned the offensive. Moscow urged both sides to talk.\n\n";
    const text = para.repeat(2000);
    const r = code(text);
    expect(r.statements.length).toBe(4000);
    expect(r.statements.every((s) => text.slice(s.evidenceStart, s.evidenceEnd) === s.evidence)).toBe(true);
  });
});

// Sentences we wrote in the language of diplomatic reporting, each with the report-level labels it should give.
const PHRASEBOOK: [string, Record<string, string>, string?][] = [
  ["The State Department said Washington was deeply concerned by the fighting and urged restraint.", { US: "neutral" }],
  ["Germany's foreign minister Annalena Baerbock warned Baku against any further escalation.", { DE: "condemn" }],
  ["Moscow expressed full support for Azerbaijan's sovereignty over Karabakh.", { RU: "support" }],
  ["The European Union expressed solidarity with Armenia and its people.", { EU: "condemn" }],
  ["Paris demanded the immediate withdrawal of Azerbaijani forces.", { FR: "condemn" }],
  ["Erdogan congratulated Aliyev on the successful operation.", { TR: "support" }],
  ["Washington has not taken a position on the operation.", {}],
  ["A French court sentenced two men for fraud.", {}],
  ["Turkish drones were used in the attack, analysts said.", {}],
  ["The Kremlin said it was in contact with both Baku and Yerevan and called for calm.", { RU: "neutral" }],
  ["Blinken told Aliyev that the United States would not tolerate violence against civilians.", {}],
  ["The EU's foreign policy chief Josep Borrell called the attack unacceptable.", { EU: "condemn" }],
  ["Berlin stopped short of criticising Baku.", { DE: "neutral" }],
  [
    "Ankara hailed the operation as a legitimate step to restore Azerbaijan's territorial integrity.",
    { TR: "support" },
  ],
  ["Macron accused Azerbaijan of threatening Armenia's borders.", { FR: "condemn" }],
  ["Russia blamed Yerevan for the escalation, saying Armenia had provoked it.", { RU: "support" }],
  [
    "The United States, France and Germany jointly condemned the assault. They also called on Baku to allow humanitarian access.",
    { US: "condemn", FR: "condemn", DE: "condemn" },
  ],
  [
    "Zakharova said Moscow regretted the loss of life and urged the sides to return to negotiations.",
    { RU: "neutral" },
  ],
  ["Germany would impose sanctions if the offensive continued.", {}],
  ["US Secretary of State Antony Blinken said the attack was unacceptable.", { US: "condemn" }],
  ["France's ambassador was summoned by Baku after Paris criticised the offensive.", { FR: "condemn" }],
  ["The European Parliament adopted a resolution condemning Azerbaijan's military attack.", { EU: "condemn" }],
  ["Turkey reiterated its support for Azerbaijan.", { TR: "support" }],
  [
    "Russian President Vladimir Putin said Karabakh was part of Azerbaijan, as Armenia itself had recognised.",
    { RU: "support" },
  ],
  ["Scholz called on Aliyev to stop the attacks and return to talks.", { DE: "condemn" }],
  [
    "In a statement, the Foreign Ministry of Russia said it regretted that Baku had resorted to force.",
    { RU: "condemn" },
  ],
  ["Washington reaffirmed its commitment to Armenia's sovereignty and territorial integrity.", { US: "condemn" }],
  ["The White House said the president had spoken to both leaders and urged them to de-escalate.", { US: "neutral" }],
  ["Speaking in Brussels, Borrell said the EU was ready to support a negotiated settlement.", { EU: "neutral" }],
  ["Berlin has repeatedly called for an end to the blockade of the Lachin corridor.", { DE: "condemn" }],
  ["According to Peskov, the Kremlin considered the events an internal matter for Azerbaijan.", { RU: "support" }],
  ["The French foreign ministry summoned Azerbaijan's ambassador to protest against the offensive.", { FR: "condemn" }],
  ["Germany did not join the condemnation.", { DE: "neutral" }],
  ["The Turkish Defence Ministry said Ankara would continue to stand by its Azerbaijani brothers.", { TR: "support" }],
  ["Russia's Defence Ministry said its peacekeepers had evacuated civilians.", {}],
  ["Armenian Prime Minister Nikol Pashinyan criticised Russia for failing to act.", {}],
  ["Azerbaijan dismissed the French criticism as biased.", {}],
  ["Azerbaijan dismissed criticism from the French foreign ministry as biased.", { FR: "condemn" }],
  ["Baku did not hide its disappointment with the criticism coming from Paris.", { FR: "condemn" }],
  [
    "Le ministère français des Affaires étrangères a appelé l'Azerbaïdjan à cesser immédiatement son offensive.",
    { FR: "condemn" },
    "fr",
  ],
  ["Die Bundesregierung verurteilt den Angriff Aserbaidschans auf Bergkarabach.", { DE: "condemn" }, "de"],
  ["Außenministerin Baerbock rief beide Seiten zur Zurückhaltung auf.", { DE: "neutral" }, "de"],
  ["Москва призвала Баку и Ереван к сдержанности.", { RU: "neutral" }, "ru"],
  ["Путин заявил, что Карабах является частью Азербайджана.", { RU: "support" }, "ru"],
  ["Türkiye Dışişleri Bakanlığı, Azerbaycan'ın haklı mücadelesini desteklediğini açıkladı.", { TR: "support" }, "tr"],
];

describe("a phrasebook of diplomatic reporting", () => {
  test.each(PHRASEBOOK)("%s", (text, expected, language) => {
    expect(labels(text, { language: language ?? "en" })).toEqual(expected);
  });
});

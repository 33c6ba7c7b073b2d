import { createHash } from "node:crypto";
import type { ReviewStatus, Stance } from "../labels";

/**
 * Synthetic data for load tests: reports over several years on several topics, each with sentences whose
 * stances drift and now and then shift, some cited to another outlet. Deterministic for a seed. Pure: the
 * loader (db/queries/synth.ts) writes what this yields.
 */

export const SYNTH_ACTORS: { code: string; name: string; kind: "state" | "organisation" }[] = [
  { code: "AM", name: "Armenia", kind: "state" },
  { code: "AZ", name: "Azerbaijan", kind: "state" },
  { code: "IR", name: "Iran", kind: "state" },
  { code: "GB", name: "United Kingdom", kind: "state" },
  { code: "UN", name: "United Nations", kind: "organisation" },
  { code: "CN", name: "China", kind: "state" },
  { code: "IN", name: "India", kind: "state" },
  { code: "UA", name: "Ukraine", kind: "state" },
];

export const SYNTH_TOPICS = [
  { slug: "synth-karabakh-offensive", title: "Synthetic: the Karabakh offensive", actingParty: "Azerbaijan" },
  { slug: "synth-lachin-blockade", title: "Synthetic: the Lachin corridor blockade", actingParty: "Azerbaijan" },
  { slug: "synth-border-clashes", title: "Synthetic: the border clashes", actingParty: "Armenia" },
  { slug: "synth-peace-deal", title: "Synthetic: the peace agreement", actingParty: "Armenia and Azerbaijan" },
  { slug: "synth-gas-deal", title: "Synthetic: the gas supply deal", actingParty: "Azerbaijan" },
  { slug: "synth-sanctions", title: "Synthetic: the sanctions package", actingParty: "European Union" },
];

const OUTLETS = [
  "Reuters",
  "Associated Press",
  "AFP",
  "Al Jazeera",
  "TASS",
  "RIA Novosti",
  "Anadolu",
  "Daily Sabah",
  "Trend.az",
  "Apa.az",
  "Armenpress",
  "Azatutyun",
  "Euronews",
  "Eurasianet",
  "Le Monde",
  "Le Figaro",
  "Der Spiegel",
  "FAZ",
  "BBC",
  "The Guardian",
  "Financial Times",
  "New York Times",
  "Washington Post",
  "Politico Europe",
  "DW",
  "RFE/RL",
  "Xinhua",
  "The Hindu",
  "Kyiv Independent",
  "Hurriyet",
  "Kommersant",
  "Interfax",
  "OC Media",
  "JAMnews",
  "Civilnet",
  "Report.az",
  "Caliber",
  "EurActiv",
  "Agenzia Nova",
  "Deutsche Welle",
];

const PHRASES: Record<Stance, string[]> = {
  support: ["welcomed", "backed", "praised", "defended", "endorsed"],
  neutral: [
    "called on both sides to show restraint over",
    "voiced concern about",
    "urged dialogue on",
    "offered to mediate in",
  ],
  condemn: ["condemned", "denounced", "demanded an end to", "criticised", "rejected"],
};

const STANCE_LIST: Stance[] = ["support", "neutral", "condemn"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** mulberry32: a small, fast, seedable generator. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type SynthCoding = {
  actor: string;
  stance: Stance;
  status: ReviewStatus;
  statementDate: string;
  evidenceStart: number;
  evidenceEnd: number;
  /** Index into the report's citations, or null. */
  citation: number | null;
  confidence: number;
};

export type SynthReport = {
  topic: number;
  title: string;
  outlet: string;
  publishedOn: string;
  url: string;
  body: string;
  contentHash: string;
  citations: { outlet: string; date: string; citation: string; start: number; end: number }[];
  codings: SynthCoding[];
};

export type SynthOptions = { reports: number; codings: number; seed?: number; from?: string; years?: number };

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * Yields `reports` reports carrying `codings` codings in all, in publication order. Each (actor, topic) pair
 * keeps a stance that shifts with a small chance at each statement, so timelines drift and shifts occur.
 */
export function* synthReports(
  options: SynthOptions,
  actorCodes: readonly string[],
  actorNames: ReadonlyMap<string, string>,
): Generator<SynthReport> {
  const random = rng(options.seed ?? 20231019);
  const start = Date.parse(`${options.from ?? "2020-01-01"}T00:00:00Z`);
  const span = (options.years ?? 6) * 365 * 86_400_000;
  const stanceOf = new Map<string, Stance>();
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  let left = options.codings;
  for (let i = 0; i < options.reports; i++) {
    // Spread what is left evenly over the reports still to come, with some variety.
    const remainingReports = options.reports - i;
    const mean = left / remainingReports;
    const n = i === options.reports - 1 ? left : Math.max(0, Math.min(left, Math.round(mean * (0.5 + random()))));
    left -= n;
    const topic = Math.floor(random() * SYNTH_TOPICS.length);
    const published = start + Math.floor((i / options.reports) * span + random() * 86_400_000 * 3);
    const publishedOn = iso(published);
    const outlet = pick(OUTLETS);
    const parts: string[] = [`Synthetic report ${i + 1} on ${SYNTH_TOPICS[topic]?.title}.`];
    let offset = parts[0]?.length ?? 0;
    const citations: SynthReport["citations"] = [];
    const codings: SynthCoding[] = [];
    for (let k = 0; k < n; k++) {
      const actor = pick(actorCodes);
      const key = `${actor}|${topic}`;
      let stance = stanceOf.get(key) ?? pick(STANCE_LIST);
      if (random() < 0.04) stance = pick(STANCE_LIST);
      stanceOf.set(key, stance);
      const cited = random() < 0.3;
      const citedOn = iso(published - Math.floor(random() * 5) * 86_400_000);
      const d = new Date(`${citedOn}T00:00:00Z`);
      const citation = `${pick(OUTLETS)}, ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
      const sentence = `${actorNames.get(actor) ?? actor}'s foreign ministry ${pick(PHRASES[stance])} the move in statement ${k + 1}${cited ? ` (${citation})` : ""}.`;
      const begin = offset + 1;
      if (cited) {
        const at = begin + sentence.indexOf(citation);
        citations.push({
          outlet: citation.split(",")[0] as string,
          date: citedOn,
          citation,
          start: at,
          end: at + citation.length,
        });
      }
      const roll = random();
      codings.push({
        actor,
        stance,
        status: roll < 0.9 ? "auto" : roll < 0.96 ? "confirmed" : roll < 0.99 ? "corrected" : "rejected",
        statementDate: cited ? citedOn : publishedOn,
        evidenceStart: begin,
        evidenceEnd: begin + sentence.length,
        citation: cited ? citations.length - 1 : null,
        confidence: Math.round((0.5 + random() * 0.5) * 1000) / 1000,
      });
      parts.push(sentence);
      offset = begin + sentence.length;
    }
    const body = parts.join(" ");
    yield {
      topic,
      title: `Synthetic report ${i + 1}`,
      outlet,
      publishedOn,
      url: `https://synthetic.example/reports/${i + 1}`,
      body,
      contentHash: createHash("sha256").update(body).digest("hex"),
      citations,
      codings,
    };
  }
}

import { francAll } from "franc-min";
import { iso6393To1 } from "iso-639-3";

/**
 * The language of an article whose source names none: franc (trigrams, the 82 languages with 8 million speakers or
 * more) gives an ISO 639-3 code, mapped to the ISO 639-1 code that reports store.
 */

/** Letters a text needs before its language is believed: below that, trigrams guess. */
const MIN_LETTERS = 50;
/** franc's scores are relative to the best (1): a runner-up this close is a coin toss, not a detection. */
const RUNNER_UP_AT_MOST = 0.95;

/**
 * franc names some languages by an individual code whose ISO 639-1 code belongs to its macrolanguage (Mandarin is
 * `cmn`, Chinese `zho` is `zh`); iso-639-3's table maps only codes that have a 639-1 code of their own.
 */
const INDIVIDUAL_TO_MACRO: Record<string, string> = {
  arb: "ar",
  azj: "az",
  ckb: "ku",
  cmn: "zh",
  fuv: "ff",
  koi: "kv",
  npi: "ne",
  pbu: "ps",
  pes: "fa",
  plt: "mg",
  qug: "qu",
  swh: "sw",
  uzn: "uz",
  zlm: "ms",
  zyb: "za",
};

/** The text's ISO 639-1 code, or null when it is too short or franc cannot tell (or names a language without one). */
export function detectLanguage(text: string): string | null {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) return null;
  const [best, second] = francAll(text.slice(0, 20_000), { minLength: MIN_LETTERS });
  if (!best || best[0] === "und" || (second && second[1] >= RUNNER_UP_AT_MOST)) return null;
  const code = best[0];
  return iso6393To1[code] ?? INDIVIDUAL_TO_MACRO[code] ?? null;
}

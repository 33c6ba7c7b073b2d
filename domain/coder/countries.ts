import nationality from "i18n-nationality";
import worldCountries from "world-countries";
import { fold } from "./fold";
import type { CoderAlias } from "./types";

/**
 * Every UN member state as a party the coder can recognise: names from CLDR (Intl.DisplayNames) in each
 * supported language and from world-countries, English and French demonyms and the English capital from
 * world-countries, German demonyms from i18n-nationality. Nothing here is written by hand.
 */
export type CountryParty = { code: string; name: string; aliases: CoderAlias[] };

export const COUNTRY_LANGUAGES = ["en", "fr", "de", "tr", "ru", "uk"] as const;

const TRANSLATION_KEYS = ["deu", "fra", "rus", "tur"] as const;

/**
 * Cyrillic names decline ("Украина", "Украины", "Украину"): the stem before a final vowel or soft sign matches
 * every case. Names in other scripts are matched whole (Turkish suffixes after an apostrophe are handled by the
 * matcher).
 */
function inflectable(name: string): string {
  if (!/\p{Script=Cyrillic}/u.test(name) || name.includes(" ")) return name;
  const stem = name.replace(/[аяоеиыйьуюіїє]$/iu, "");
  return stem.length >= 3 ? `${stem}*` : name;
}

/** Short codes ("US", "UAE", "DPRK") only when written in capitals and at least three letters, names otherwise. */
function usableSpelling(s: string): boolean {
  if (/^\p{Lu}{2}$/u.test(s)) return false;
  return s.length >= 3 && !/\d/.test(s);
}

let cache: CountryParty[] | null = null;

export function countryParties(): readonly CountryParty[] {
  if (cache) return cache;
  const displayNames = COUNTRY_LANGUAGES.map((l) => new Intl.DisplayNames([l], { type: "region" }));
  cache = worldCountries
    .filter((c) => c.unMember)
    .map((c) => {
      const aliases = new Map<string, CoderAlias["kind"]>();
      const add = (alias: string | undefined, kind: CoderAlias["kind"]) => {
        const a = alias?.trim();
        if (a && usableSpelling(a) && !aliases.has(a)) aliases.set(a, kind);
      };
      add(c.name.common, "name");
      add(c.name.official, "name");
      for (const d of displayNames) add(inflectable(d.of(c.cca2) ?? ""), "name");
      for (const key of TRANSLATION_KEYS) {
        const t = c.translations[key];
        add(inflectable(t?.common ?? ""), "name");
        add(inflectable(t?.official ?? ""), "name");
      }
      for (const s of c.altSpellings) add(s, "name");
      const eng = c.demonyms?.eng;
      if (eng?.m) add(`${eng.m}*`, "demonym");
      if (eng?.f && eng.f !== eng.m) add(`${eng.f}*`, "demonym");
      const fra = c.demonyms?.fra;
      for (const d of [fra?.m, fra?.f]) if (d) add(`${d.toLowerCase()}*`, "demonym");
      const de = nationality.getName(c.cca2, "de");
      if (de) add(`${de.toLowerCase()}*`, "demonym");
      for (const capital of c.capital ?? []) add(capital, "capital");
      return {
        code: c.cca2,
        name: c.name.common,
        aliases: [...aliases].map(([alias, kind]) => ({ alias, kind })),
      };
    });
  return cache;
}

const key = (s: string) => fold(s).toLowerCase().replace(/\*$/, "");

let index: Map<string, CountryParty> | null = null;

/** Folded code, name and every name alias → country, built once: a lookup is one map read. */
function countryIndex(): Map<string, CountryParty> {
  if (index) return index;
  index = new Map();
  for (const c of countryParties()) {
    for (const k of [
      c.code.toLowerCase(),
      key(c.name),
      ...c.aliases.filter((a) => a.kind === "name").map((a) => key(a.alias)),
    ]) {
      if (k && !index.has(k)) index.set(k, c);
    }
  }
  return index;
}

/** The country a name stands for ("Russia", "Russian Federation", "Russland", "RU"), if any. */
export function findCountry(name: string): CountryParty | undefined {
  const wanted = key(name);
  return wanted ? countryIndex().get(wanted) : undefined;
}

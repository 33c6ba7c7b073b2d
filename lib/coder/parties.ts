import { countryParties, findCountry } from "./countries";
import data from "./data/parties.json";
import { fold } from "./fold";
import { AliasMatcher } from "./mentions";
import type { CoderActor, CoderAlias, CoderTopic, PartyName } from "./types";

type PartyData = { name: string; aliases: string[]; opponents: string[] };

const PARTIES = (data as { parties: PartyData[] }).parties;

const key = (s: string) => fold(s).toLowerCase().replace(/\*$/, "");

function findParty(name: string): PartyData | undefined {
  const wanted = key(name);
  return PARTIES.find((p) => key(p.name) === wanted || p.aliases.some((a) => key(a) === wanted));
}

/** "Armenia and Azerbaijan", "Israel, UAE": the names of a party field that holds several parties. */
export function splitPartyNames(names: string): string[] {
  return names
    .split(/\s*(?:,|\band\b|&|\/)\s*/)
    .map((n) => n.trim())
    .filter(Boolean);
}

/** The actor a party name stands for: by code, name or alias, or as the same country. */
function actorFor(name: string, actors: readonly Pick<CoderActor, "code" | "name" | "aliases">[]) {
  const wanted = key(name);
  const country = findCountry(name);
  return actors.find(
    (a) =>
      a.code.toLowerCase() === wanted ||
      key(a.name) === wanted ||
      a.aliases.some((x) => x.kind !== "demonym" && key(x.alias) === wanted) ||
      (country !== undefined && (a.code === country.code || findCountry(a.name)?.code === country.code)),
  );
}

/** Every name the coder knows for one party: its own, the country data's, the party data's and its actor's. */
function namesOf(name: string, actors: readonly CoderActor[]): { aliases: string[]; actor: string | null } {
  const aliases = new Set<string>([name]);
  for (const a of findCountry(name)?.aliases ?? []) aliases.add(a.alias);
  for (const a of findParty(name)?.aliases ?? []) aliases.add(a);
  const actor = actorFor(name, actors);
  for (const a of actor?.aliases ?? []) aliases.add(a.alias);
  return { aliases: [...aliases], actor: actor?.code ?? null };
}

/** What "acting party" and "its target" mean for a topic: the names the coder looks for around a cue. */
export type TopicParties = {
  acting: CoderAlias[];
  opponent: CoderAlias[];
  actingNames: string[];
  /** Tracked actors that are themselves the acting party: they speak for their own action. */
  actingActors: string[];
  /** Tracked actors that are a target of the action. */
  targetActors: string[];
};

const toAliases = (names: Iterable<string>): CoderAlias[] => [...names].map((alias) => ({ alias, kind: "name" }));

/**
 * The acting party's names and its targets'. Targets are the topic's own, else those its title names, else the
 * party data's usual opponents. A topic whose acting party is several parties ("Armenia and Azerbaijan": an
 * agreement between them) acts as all of them, with no opponent.
 */
export function topicParties(topic: CoderTopic, actors: readonly CoderActor[] = []): TopicParties {
  const actingNames = splitPartyNames(topic.actingParty);
  const acting = new Set<string>(topic.actingPartyAliases ?? []);
  const actingActors = new Set<string>();
  for (const n of actingNames) {
    const found = namesOf(n, actors);
    for (const a of found.aliases) acting.add(a);
    if (found.actor) actingActors.add(found.actor);
  }
  const targets: PartyName[] = topic.targetParties?.length
    ? [...topic.targetParties]
    : actingNames.length === 1
      ? partiesFromTitle(topic.title, actors).targetParties
      : [];
  if (actingNames.length === 1) {
    for (const o of findParty(actingNames[0] as string)?.opponents ?? []) {
      if (!targets.some((t) => key(t.name) === key(o))) targets.push({ name: o, aliases: [] });
    }
  }
  const opponents = new Set<string>();
  const targetActors = new Set<string>();
  for (const t of targets) {
    for (const a of t.aliases ?? []) opponents.add(a);
    const found = namesOf(t.name, actors);
    for (const a of found.aliases) opponents.add(a);
    if (found.actor && !actingActors.has(found.actor)) targetActors.add(found.actor);
  }
  for (const a of acting) opponents.delete(a);
  return {
    acting: toAliases(acting),
    opponent: toAliases(opponents),
    actingNames: [...acting],
    actingActors: [...actingActors],
    targetActors: [...targetActors],
  };
}

const AGREEMENT = /\b(?:agreements?|treaty|accords?|declaration|deal|memorandum|normali[sz]ation|peace)\b/i;
/** A step taken about an agreement ("withdrawal from the deal") is an action, not the agreement itself. */
const ACTION_ON_AGREEMENT =
  /\b(?:withdraw\w*|exit\w*|pull\w* out|suspen\w*|terminat\w*|abandon\w*|violat\w*|reject\w*|breach\w*|scrap\w*|quit\w*|leav\w*)\b/i;

/** Whether a topic is about an agreement between parties (support welcomes it) or an action by one party. */
export function titleIsAgreement(title: string): boolean {
  const at = title.search(AGREEMENT);
  if (at < 0) return false;
  const step = title.search(ACTION_ON_AGREEMENT);
  return step < 0 || step > at;
}

let titleMatcher: { matcher: AliasMatcher; names: Map<string, string> } | null = null;
let titleActors: readonly CoderActor[] | null = null;

/** One matcher over every country, every party in the data, and the actors, keyed by the party's name. */
function matcherFor(actors: readonly CoderActor[]) {
  if (titleMatcher && titleActors === actors) return titleMatcher;
  const groups: { key: string; aliases: CoderAlias[] }[] = [];
  const names = new Map<string, string>();
  for (const c of countryParties()) {
    const actor = actorFor(c.name, actors);
    groups.push({ key: `c:${c.code}`, aliases: [...c.aliases, ...(actor?.aliases ?? [])] });
    names.set(`c:${c.code}`, c.name);
  }
  for (const p of PARTIES) {
    const country = findCountry(p.name);
    const k = country ? `c:${country.code}` : `p:${p.name}`;
    groups.push({ key: k, aliases: toAliases([p.name, ...p.aliases]) });
    if (!country) names.set(k, p.name);
  }
  for (const a of actors) {
    if (findCountry(a.name) || findCountry(a.code)) continue;
    groups.push({ key: `a:${a.code}`, aliases: [...a.aliases, { alias: a.name, kind: "name" }] });
    names.set(`a:${a.code}`, a.name);
  }
  titleMatcher = { matcher: new AliasMatcher(groups, "en"), names };
  titleActors = actors;
  return titleMatcher;
}

export type TitleParties = {
  actingParty: string;
  actingPartyAliases: string[];
  targetParties: PartyName[];
  /** Whether the title named any party at all (otherwise the acting party is the title itself). */
  named: boolean;
};

/**
 * The parties a topic's title names. "Russia's invasion of Ukraine": Russia acts, Ukraine is the target;
 * "the invasion of Ukraine by Russia" the same; "the Israel-UAE normalization agreement": both act (an agreement
 * between them). A title that names no party gets itself as the acting party, so that a caller can still edit it.
 */
export function partiesFromTitle(title: string, actors: readonly CoderActor[] = []): TitleParties {
  const { matcher, names } = matcherFor(actors);
  const folded = fold(title);
  const found: { key: string; start: number; end: number }[] = [];
  for (const m of matcher.find(folded, title, 0, title.length)) {
    const k = m.entries[0]?.key;
    if (k && !found.some((f) => f.key === k)) found.push({ key: k, start: m.start, end: m.end });
  }
  const name = (k: string) => names.get(k) ?? k;
  if (found.length === 0)
    return { actingParty: title.trim().slice(0, 200), actingPartyAliases: [], targetParties: [], named: false };
  if (titleIsAgreement(title)) {
    // The parties joined by a hyphen or "and" at the start make the agreement; a venue or broker named later does not.
    const joined = [found[0] as (typeof found)[number]];
    for (let i = 1; i < found.length; i++) {
      const gap = folded.slice(
        (found[i - 1] as (typeof found)[number]).end,
        (found[i] as (typeof found)[number]).start,
      );
      if (!/^\s*(?:-|–|\/|,|and|&)\s*$/iu.test(gap)) break;
      joined.push(found[i] as (typeof found)[number]);
    }
    const actingParty = joined.map((f) => name(f.key)).join(" and ");
    return { actingParty, actingPartyAliases: [], targetParties: [], named: true };
  }
  const byAgent = found.find((f) => /\bby\s+(?:the\s+)?$/iu.test(folded.slice(Math.max(0, f.start - 8), f.start)));
  const acting = byAgent ?? (found[0] as (typeof found)[number]);
  return {
    actingParty: name(acting.key),
    actingPartyAliases: [],
    targetParties: found.filter((f) => f !== acting).map((f) => ({ name: name(f.key), aliases: [] })),
    named: true,
  };
}

/** The acting party a topic's title names first ("Azerbaijan's blockade of ..." → Azerbaijan), for labelled data. */
export function actingPartyFromTitle(title: string): string {
  return partiesFromTitle(title).actingParty;
}

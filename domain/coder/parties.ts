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
  // "Bosnia and Herzegovina", "Trinidad and Tobago": a known name is one party even with "and" inside.
  if (findCountry(names) || findParty(names)) return [names.trim()];
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

/** One key per party whatever it is called: "Russia", "Russian Federation" and "RU" are the same. */
export function partyKey(name: string, actors: readonly CoderActor[] = []): string {
  const country = findCountry(name);
  if (country) return `c:${country.code}`;
  const party = findParty(name);
  if (party) return findCountry(party.name) ? `c:${findCountry(party.name)?.code}` : `p:${key(party.name)}`;
  const actor = actorFor(name, actors);
  return actor ? `a:${actor.code}` : `n:${key(name)}`;
}

/** Every name the coder knows for one party: its own, the country data's, the party data's and its actor's. */
function namesOf(name: string, actors: readonly CoderActor[]): { aliases: CoderAlias[]; actor: string | null } {
  const aliases = new Map<string, CoderAlias>([[name, { alias: name, kind: "name" }]]);
  const add = (a: CoderAlias) => {
    if (!aliases.has(a.alias)) aliases.set(a.alias, { alias: a.alias, kind: a.kind });
  };
  for (const a of findCountry(name)?.aliases ?? []) add(a);
  for (const a of findParty(name)?.aliases ?? []) add({ alias: a, kind: /^\p{Ll}/u.test(a) ? "demonym" : "name" });
  const actor = actorFor(name, actors);
  for (const a of actor?.aliases ?? []) add(a);
  return { aliases: [...aliases.values()], actor: actor?.code ?? null };
}

/** What "acting party" and "its target" mean for a topic: the names the coder looks for around a cue. */
export type TopicParties = {
  acting: CoderAlias[];
  opponent: CoderAlias[];
  actingNames: string[];
  /** Tracked actors that are themselves the acting party: they speak for their own action. */
  actingActors: string[];
};

const toAliases = (names: Iterable<string>): CoderAlias[] => [...names].map((alias) => ({ alias, kind: "name" }));

/**
 * The acting party's names and its targets'. Targets are the topic's own, else those its title names, else the
 * party data's usual opponents. A topic whose acting party is several parties ("Armenia and Azerbaijan": an
 * agreement between them) acts as all of them, with no opponent.
 */
export function topicParties(topic: CoderTopic, actors: readonly CoderActor[] = []): TopicParties {
  const actingNames = splitPartyNames(topic.actingParty);
  const acting = new Map<string, CoderAlias>();
  const addTo = (map: Map<string, CoderAlias>, a: CoderAlias) => {
    if (!map.has(a.alias)) map.set(a.alias, a);
  };
  for (const a of topic.actingPartyAliases ?? []) addTo(acting, { alias: a, kind: "name" });
  const actingActors = new Set<string>();
  for (const n of actingNames) {
    const found = namesOf(n, actors);
    for (const a of found.aliases) addTo(acting, a);
    if (found.actor) actingActors.add(found.actor);
  }
  const targets: PartyName[] = topic.targetParties?.length
    ? [...topic.targetParties]
    : actingNames.length === 1
      ? partiesFromTitle(topic.title, actors).targetParties
      : [];
  if (actingNames.length === 1 && targets.length === 0) {
    for (const o of findParty(actingNames[0] as string)?.opponents ?? []) targets.push({ name: o, aliases: [] });
  }
  const opponents = new Map<string, CoderAlias>();
  for (const t of targets) {
    for (const a of t.aliases ?? []) addTo(opponents, { alias: a, kind: "name" });
    const found = namesOf(t.name, actors);
    for (const a of found.aliases) addTo(opponents, a);
  }
  for (const a of acting.keys()) opponents.delete(a);
  return {
    acting: [...acting.values()],
    opponent: [...opponents.values()],
    actingNames: [...acting.keys()],
    actingActors: [...actingActors],
  };
}

const AGREEMENT =
  /\b(?:agreements?|treaty|accords?|declaration|deal|memorandum|normali[sz]ation|peace (?:deal|agreement|treaty|accords?|plan|process))\b/i;
/** A step taken about an agreement ("withdrawal from the deal", "the grain deal exit") is an action of its own. */
const ACTION_ON_AGREEMENT =
  /\b(?:withdraw\w*|exit\w*|pull\w* out|suspen\w*|terminat\w*|abandon\w*|violat\w*|reject\w*|breach\w*|scrap\w*|quit\w*|leav\w*|annex\w*|invasion|invad\w*|strikes?|attack\w*)\b/i;

/**
 * Whether a topic is about an agreement between parties (support welcomes it) or an action by one party. A step
 * named before the agreement ("withdrawal from the deal") or right after it ("the grain deal exit") makes it an
 * action; one named later is what the agreement is about ("the agreement on the withdrawal of troops").
 */
export function titleIsAgreement(title: string): boolean {
  const at = title.search(AGREEMENT);
  if (at < 0) return false;
  const before = title.slice(0, at);
  const right = /^\S+(?:\s+\S+){0,2}/.exec(title.slice(at))?.[0] ?? "";
  return !ACTION_ON_AGREEMENT.test(before) && !ACTION_ON_AGREEMENT.test(right);
}

type TitleMatcher = { matcher: AliasMatcher; names: Map<string, string> };

/** Built matchers by the actors' content (each request reads a fresh actor list; the actors rarely change). */
const titleMatchers = new Map<string, TitleMatcher>();

function actorsSignature(actors: readonly CoderActor[]): string {
  return actors.map((a) => `${a.code}:${a.name}:${a.aliases.map((x) => x.alias).join("|")}`).join("\n");
}

/** Names a title may use for a party: all of them (a capital or a leader stands for the state). */
const titleAliases = (aliases: readonly CoderAlias[]): CoderAlias[] => [...aliases];

/** A place named right before an agreement noun is where it was signed: "the Minsk agreements", "the Oslo Accords". */
const SIGNED_AT = /^\s+(?:agreements?|accords?|treaty|protocol|declaration|format|process|talks|summit)\b/i;

/** One matcher over every country, every party in the data, and the actors, keyed by the party's name. */
function matcherFor(actors: readonly CoderActor[]): TitleMatcher {
  const signature = actorsSignature(actors);
  const cached = titleMatchers.get(signature);
  if (cached) return cached;
  const groups: { key: string; aliases: CoderAlias[] }[] = [];
  const names = new Map<string, string>();
  for (const c of countryParties()) {
    const actor = actorFor(c.name, actors);
    groups.push({ key: `c:${c.code}`, aliases: titleAliases([...c.aliases, ...(actor?.aliases ?? [])]) });
    names.set(`c:${c.code}`, c.name);
  }
  for (const p of PARTIES) {
    const country = findCountry(p.name);
    const actor = country ? undefined : actorFor(p.name, actors);
    const k = country ? `c:${country.code}` : actor ? `a:${actor.code}` : `p:${p.name}`;
    groups.push({ key: k, aliases: titleAliases(toAliases([p.name, ...p.aliases])) });
    if (!names.has(k)) names.set(k, actor?.name ?? p.name);
  }
  for (const a of actors) {
    if (findCountry(a.name) || findCountry(a.code)) continue;
    groups.push({ key: `a:${a.code}`, aliases: titleAliases([...a.aliases, { alias: a.name, kind: "name" }]) });
    if (!names.has(`a:${a.code}`)) names.set(`a:${a.code}`, a.name);
  }
  const built = { matcher: new AliasMatcher(groups, "en"), names };
  // A handful of actor sets at most in a process; past that the oldest goes.
  if (titleMatchers.size >= 8) titleMatchers.delete(titleMatchers.keys().next().value as string);
  titleMatchers.set(signature, built);
  return built;
}

export type TitleParties = {
  actingParty: string;
  actingPartyAliases: string[];
  targetParties: PartyName[];
  /** Whether the title names who acts (otherwise actingParty is the title itself, for the caller to replace). */
  named: boolean;
};

type Found = { key: string; start: number; end: number };

/** Words before a name that make it the one acted upon: "invasion of Ukraine", "sanctions on Iran". */
const TARGET_BEFORE =
  /\b(?:of|on|against|in|into|inside|from|to|towards?|over|upon|at|with|through|across)\s+(?:(?:the|a|an|its|their|northern|southern|eastern|western|north|south|east|west|northeast|northwest|southeast|southwest|central)\s+){0,2}$/i;
/** A name that owns the action: "Russia's", "the United States'", "by Russia". */
const POSSESSIVE_AFTER = /^['’]s?(?:\s|$)/;
const AGENT_BEFORE = /\bby\s+(?:the\s+)?$/i;

/**
 * The parties a topic's title names. The acting party owns the action ("Russia's invasion", "the US withdrawal",
 * "the invasion of Ukraine by Russia"); a party after "of", "on", "in", "from" ... is acted upon ("of Ukraine",
 * "sanctions on Iran"). An agreement between parties ("the Israel-UAE normalization", "the accord between Israel
 * and the UAE") makes them all act. A title that names no acting party gets `named: false` and itself as
 * `actingParty`, for the caller to replace; the targets it names are still given.
 */
export function partiesFromTitle(title: string, actors: readonly CoderActor[] = []): TitleParties {
  const { matcher, names } = matcherFor(actors);
  const folded = fold(title);
  const found: Found[] = [];
  for (const m of matcher.find(folded, title, 0, title.length)) {
    const k = m.entries[0]?.key;
    if (!k || found.some((f) => f.key === k)) continue;
    const kind = m.entries[0]?.alias.kind;
    if ((kind === "capital" || kind === "official") && SIGNED_AT.test(folded.slice(m.end, m.end + 20))) continue;
    found.push({ key: k, start: m.start, end: m.end });
  }
  const name = (k: string) => names.get(k) ?? k;
  const unnamed = (targets: readonly Found[]): TitleParties => ({
    actingParty: title.trim().slice(0, 200),
    actingPartyAliases: [],
    targetParties: targets.map((f) => ({ name: name(f.key), aliases: [] })),
    named: false,
  });
  if (found.length === 0) return unnamed([]);
  if (titleIsAgreement(title)) {
    // The parties joined by a hyphen or "and" make the agreement; a venue or broker named apart does not.
    const joined: Found[] = [found[0] as Found];
    for (let i = 1; i < found.length; i++) {
      const gap = folded.slice((found[i - 1] as Found).end, (found[i] as Found).start);
      if (!/^\s*(?:-|–|\/|,|and|&)\s*(?:the\s+)?$/iu.test(gap)) break;
      joined.push(found[i] as Found);
    }
    return {
      actingParty: joined.map((f) => name(f.key)).join(" and "),
      actingPartyAliases: [],
      targetParties: [],
      named: true,
    };
  }
  const before = (f: Found) => folded.slice(Math.max(0, f.start - 40), f.start);
  const owner = found.find(
    (f) => AGENT_BEFORE.test(before(f)) || POSSESSIVE_AFTER.test(folded.slice(f.end, f.end + 3)),
  );
  const first = owner ?? found.find((f) => !TARGET_BEFORE.test(before(f)));
  if (!first) return unnamed(found);
  // "Russia and Belarus's invasion", "the US and UK strikes": names joined to the acting one act with it.
  const acting = [first];
  const joinedTo = (a: Found, b: Found) => /^\s*(?:-|–|\/|,|and|&)\s*(?:the\s+)?$/iu.test(folded.slice(a.end, b.start));
  for (let i = found.indexOf(first) - 1; i >= 0 && joinedTo(found[i] as Found, acting[0] as Found); i--)
    acting.unshift(found[i] as Found);
  for (let i = found.indexOf(first) + 1; i < found.length && joinedTo(acting.at(-1) as Found, found[i] as Found); i++)
    acting.push(found[i] as Found);
  return {
    actingParty: acting.map((f) => name(f.key)).join(" and "),
    actingPartyAliases: [],
    targetParties: found.filter((f) => !acting.includes(f)).map((f) => ({ name: name(f.key), aliases: [] })),
    named: true,
  };
}

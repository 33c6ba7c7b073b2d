import data from "./data/parties.json";
import { fold } from "./fold";
import type { CoderAlias, CoderTopic } from "./types";

type PartyData = { name: string; aliases: string[]; opponents: string[] };

const PARTIES = (data as { parties: PartyData[] }).parties;

function toAliases(names: readonly string[]): CoderAlias[] {
  return names.map((alias) => ({ alias, kind: "name" as const }));
}

function findParty(name: string): PartyData | undefined {
  const wanted = fold(name).toLowerCase();
  return PARTIES.find(
    (p) => fold(p.name).toLowerCase() === wanted || p.aliases.some((a) => fold(a).toLowerCase() === wanted),
  );
}

/** What "acting party" and "its opponent" mean for a topic: the names the coder looks for after a cue. */
export type TopicParties = { acting: CoderAlias[]; opponent: CoderAlias[]; actingNames: string[] };

/**
 * The acting party's names (the topic's own, and the party data's when it knows the party) and its opponents'.
 * A topic whose acting party is several parties ("Armenia and Azerbaijan") acts as all of them, with no opponent.
 */
export function topicParties(topic: CoderTopic): TopicParties {
  const names = topic.actingParty
    .split(/\s*(?:,|\band\b|&|\/)\s*/)
    .map((n) => n.trim())
    .filter(Boolean);
  const acting = new Set<string>([...names, ...(topic.actingPartyAliases ?? [])]);
  const opponents = new Set<string>();
  const known = names.map(findParty).filter((p): p is PartyData => p !== undefined);
  for (const party of known) {
    for (const a of party.aliases) acting.add(a);
    if (known.length === 1) {
      for (const o of party.opponents) {
        const op = findParty(o);
        for (const a of op?.aliases ?? [o]) opponents.add(a);
      }
    }
  }
  for (const a of acting) opponents.delete(a);
  return { acting: toAliases([...acting]), opponent: toAliases([...opponents]), actingNames: [...acting] };
}

/** The acting party a topic's title names first ("Azerbaijan's blockade of ..." → Azerbaijan), for labelled data. */
export function actingPartyFromTitle(title: string): string {
  const folded = fold(title);
  const found: { name: string; at: number }[] = [];
  for (const p of PARTIES) {
    for (const a of [p.name, ...p.aliases]) {
      const stem = fold(a.replace(/\*$/, ""));
      const at = folded.indexOf(stem);
      if (at >= 0) {
        found.push({ name: p.name, at });
        break;
      }
    }
  }
  found.sort((a, b) => a.at - b.at);
  if (found.length === 0) return title;
  // "The Armenia-Azerbaijan agreements": both parties act.
  if (AGREEMENT.test(title)) return [...new Set(found.map((f) => f.name))].join(" and ");
  return found[0]?.name ?? title;
}

const AGREEMENT = /\b(?:agreements?|treaty|accords?|declaration|deal|memorandum)\b/i;

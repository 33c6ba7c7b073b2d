import { asc, eq } from "drizzle-orm";
import type { Database } from "../client";
import { actorAliases, actors, type NewActor, type NewActorAlias } from "../schema";
import type { AliasKind } from "../../lib/labels";

export type ActorItem = {
  code: string;
  name: string;
  kind: "state" | "organisation";
  isDefault: boolean;
  color: string | null;
  aliases: {
    alias: string;
    kind: AliasKind;
    language: string | null;
    role: string | null;
    validFrom: string | null;
    validTo: string | null;
  }[];
};

/** Every actor in display order, each with its aliases. */
export async function listActors(db: Database): Promise<ActorItem[]> {
  const [rows, aliases] = await Promise.all([
    db.select().from(actors).orderBy(asc(actors.sortOrder), asc(actors.code)),
    db.select().from(actorAliases).orderBy(asc(actorAliases.actorId), asc(actorAliases.id)),
  ]);
  const byActor = new Map<number, typeof aliases>();
  for (const a of aliases) byActor.set(a.actorId, [...(byActor.get(a.actorId) ?? []), a]);
  return rows.map((a) => ({
    code: a.code,
    name: a.name,
    kind: a.kind,
    isDefault: a.isDefault,
    color: a.color,
    aliases: (byActor.get(a.id) ?? []).map(({ alias, kind, language, role, validFrom, validTo }) => ({
      alias,
      kind,
      language,
      role,
      validFrom,
      validTo,
    })),
  }));
}

export type ActorSeed = Omit<NewActor, "id"> & { aliases: Omit<NewActorAlias, "id" | "actorId">[] };

/**
 * Adds actors and aliases that are missing; existing actors keep whatever an analyst changed. Run inside the
 * caller's transaction.
 */
export async function ensureActors(db: Database, seeds: readonly ActorSeed[]): Promise<void> {
  for (const { aliases, ...actor } of seeds) {
    await db.insert(actors).values(actor).onConflictDoNothing({ target: actors.code });
    const [row] = await db.select({ id: actors.id }).from(actors).where(eq(actors.code, actor.code));
    if (!row || aliases.length === 0) continue;
    await db
      .insert(actorAliases)
      .values(aliases.map((a) => ({ ...a, actorId: row.id })))
      .onConflictDoNothing();
  }
}

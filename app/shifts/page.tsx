import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { makeQueryClient, queryKeys } from "@/browser/query-client";
import { ShiftsView } from "@/components/shifts/shifts-view";
import { effectiveFilters, parseShiftFilters, SHIFTS_PAGE, shiftFilters } from "@/contracts/filters";
import { listActors } from "@/db/queries/actors";
import { listShifts } from "@/db/queries/shifts";
import { listTopics } from "@/db/queries/topics";
import { getDb } from "@/server/database";
import { requirePageReader } from "@/server/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Stance shifts" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The shifts view, its first paint rendered with the shifts in it. */
export default async function ShiftsPage({ searchParams }: Props) {
  await requirePageReader("/shifts");
  const filters = parseShiftFilters(await searchParams);
  const db = await getDb();
  const client = makeQueryClient();
  const [actors, topics] = await Promise.all([listActors(db), listTopics(db)]);
  client.setQueryData(queryKeys.actors(), { items: actors });
  client.setQueryData(queryKeys.topics(), { items: topics });
  const scope = shiftFilters({
    ...filters,
    ...effectiveFilters(
      filters,
      actors.filter((a) => a.isDefault).map((a) => a.code),
    ),
  });
  await client.prefetchInfiniteQuery({
    queryKey: queryKeys.shifts(scope),
    queryFn: () => listShifts(db, { ...scope, limit: SHIFTS_PAGE }),
    initialPageParam: undefined,
  });
  return (
    <section className="shifts-page">
      <p className="eyebrow">Stance shifts</p>
      <h1>When governments moved</h1>
      <p className="muted">
        Each shift is a change in an actor&apos;s stance between two consecutive statement dates on a topic, newest
        first, with the sentence before and the sentence after. Corrections and new reports recompute them. A shift is
        reviewed when an analyst has confirmed or corrected both of its codings (the <a href="/review">review queue</a>{" "}
        shows the least certain codings first).
      </p>
      <HydrationBoundary state={dehydrate(client)}>
        <ShiftsView />
      </HydrationBoundary>
    </section>
  );
}

import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { makeQueryClient, queryKeys } from "@/browser/query-client";
import { Dashboard } from "@/components/dashboard/dashboard";
import {
  effectiveFilters,
  MATRIX_MAX_GROUPS,
  parseDashboardFilters,
  SHIFTS_PAGE,
  shiftFilters,
  TIMELINE_MAX_GROUPS,
} from "@/contracts/filters";
import { listActors } from "@/db/queries/actors";
import { getAlignment } from "@/db/queries/alignment";
import { listOutlets } from "@/db/queries/outlets";
import { listShifts } from "@/db/queries/shifts";
import { getSummary } from "@/db/queries/stances";
import { listTopics } from "@/db/queries/topics";
import { getDb } from "@/server/database";
import { requirePageReader } from "@/server/http/session";

// Every request reads the current codings; nothing here is rendered at build time.
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * The first paint comes with its data: the server runs the same reads the API serves and hands them to the
 * client's query cache under the keys its hooks use, so the charts draw without a second round trip.
 */
export default async function DashboardPage({ searchParams }: Props) {
  await requirePageReader("/");
  const filters = parseDashboardFilters(await searchParams);
  const db = await getDb();
  const client = makeQueryClient();
  const [actors, topics, outlets] = await Promise.all([listActors(db), listTopics(db), listOutlets(db)]);
  client.setQueryData(queryKeys.actors(), { items: actors });
  client.setQueryData(queryKeys.topics(), { items: topics });
  client.setQueryData(queryKeys.outlets(), { items: outlets });
  const effective = effectiveFilters(
    filters,
    actors.filter((a) => a.isDefault).map((a) => a.code),
  );
  // A filter the API would refuse (an unknown code) fails here too; prefetching swallows it and the
  // client shows the API's message in each chart.
  await Promise.all([
    client.prefetchQuery({
      queryKey: queryKeys.summary(effective, "source", MATRIX_MAX_GROUPS),
      queryFn: () => getSummary(db, { ...effective, by: "source", maxGroups: MATRIX_MAX_GROUPS }),
    }),
    client.prefetchQuery({
      queryKey: queryKeys.summary(effective, "day", TIMELINE_MAX_GROUPS),
      queryFn: () => getSummary(db, { ...effective, by: "day", maxGroups: TIMELINE_MAX_GROUPS }),
    }),
    client.prefetchQuery({ queryKey: queryKeys.alignment(effective), queryFn: () => getAlignment(db, effective) }),
    client.prefetchInfiniteQuery({
      queryKey: queryKeys.shifts(shiftFilters(effective)),
      queryFn: () => listShifts(db, { ...shiftFilters(effective), limit: SHIFTS_PAGE }),
      initialPageParam: undefined,
    }),
  ]);
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <Dashboard />
    </HydrationBoundary>
  );
}

"use client";

import { useStanceSummary } from "@/hooks/use-stance-summary";
import type { Filters } from "@/lib/api-client";
import { buildTimeline, type ChartActor } from "@/lib/charts";
import { formatDate } from "@/lib/dates";
import { TIMELINE_MAX_GROUPS } from "@/lib/query-client";
import { monthRange, type Selection } from "@/lib/selection";
import dynamic from "next/dynamic";
import { ChartFigure, ChartSkeleton } from "../charts/chart-figure";
import { ActorKey } from "../charts/stance-legend";
import { chartState, EMPTY_MESSAGE } from "./panel-state";

// recharts loads after the first paint (see distribution-panel.tsx).
const NetStanceTimelineChart = dynamic(
  () => import("../charts/net-stance-timeline-chart").then((m) => m.NetStanceTimelineChart),
  { ssr: false, loading: () => <ChartSkeleton kind="lines" /> },
);

type Props = { filters: Filters; actors: ChartActor[]; onSelect: (s: Selection) => void };

export function TimelinePanel({ filters, actors, onSelect }: Props) {
  const query = useStanceSummary(filters, "day", TIMELINE_MAX_GROUPS);
  const by = query.data?.by ?? "day";
  const points = query.data ? buildTimeline(query.data.items, actors) : [];
  const present = actors.filter((a) => query.data?.items.some((i) => i.actor === a.code));
  return (
    <ChartFigure
      id="timeline"
      title="Net stance over time"
      subtitle={
        query.data &&
        `Net score per ${by === "month" ? "month (dense data grouped)" : "statement date"}: support +1, neutral 0, condemn −1, averaged`
      }
      state={chartState(query, (d) => d.items.length === 0, EMPTY_MESSAGE)}
      refreshing={query.isPlaceholderData || (query.isFetching && !query.isLoading)}
      skeleton="lines"
      legend={<ActorKey actors={present} />}
    >
      <NetStanceTimelineChart
        actors={present}
        points={points}
        grouping={by}
        onSelect={(actor, point) =>
          onSelect({
            title: `${actors.find((a) => a.code === actor)?.name ?? actor}, ${formatDate(point.date, by === "month" ? "month" : "day")}`,
            filters: {
              ...filters,
              actor: [actor],
              ...(by === "month" ? monthRange(point.key, filters) : { from: point.date, to: point.date }),
            },
          })
        }
      />
    </ChartFigure>
  );
}

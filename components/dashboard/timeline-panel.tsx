"use client";

import dynamic from "next/dynamic";
import type { Filters } from "@/browser/api-client";
import { lastDay, monthRange, type Selection } from "@/browser/selection";
import { buildTimeline, type ChartActor, placeShiftMarkers } from "@/components/charts/data";
import { shiftFilters, TIMELINE_MAX_GROUPS } from "@/contracts/filters";
import { formatDate } from "@/domain/dates";
import { useShifts } from "@/hooks/use-shifts";
import { useStanceSummary } from "@/hooks/use-stance-summary";
import { ChartFigure, ChartSkeleton } from "../charts/chart-figure";
import { ActorKey } from "../charts/stance-legend";
import { ExportButtons } from "./export-buttons";
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
  // Shifts come from every coding that is not rejected: the outlet, stance and status filters do not apply.
  const shiftQuery = useShifts(shiftFilters(filters));
  const shifts = shiftQuery.data?.pages.flatMap((p) => p.items) ?? [];
  const markers = placeShiftMarkers(points, shifts, by);
  return (
    <ChartFigure
      id="timeline"
      title="Net stance over time"
      actions={<ExportButtons chart="timeline" title="Net stance over time" />}
      subtitle={
        query.data &&
        `Net score per ${by === "month" ? "month (dense data grouped)" : "statement date"}: support +1, neutral 0, condemn −1, averaged`
      }
      state={chartState(query, (d) => d.items.length === 0, EMPTY_MESSAGE)}
      refreshing={query.isPlaceholderData || (query.isFetching && !query.isLoading)}
      skeleton="lines"
      legend={
        <>
          <ActorKey actors={present} />
          {markers.length > 0 && (
            <p className="legend legend--note" data-testid="shift-legend">
              Stance shifts ({markers.length}
              {shiftQuery.hasNextPage ? `, the ${shifts.length} most recent; older ones on the Shifts page` : ""}):{" "}
              <span aria-hidden="true">◆</span> filled: reviewed, an analyst checked both codings;{" "}
              <span aria-hidden="true">◇</span> hollow: not reviewed yet. Click one for the sentences before and after
            </p>
          )}
        </>
      }
    >
      <NetStanceTimelineChart
        actors={present}
        points={points}
        grouping={by}
        shifts={markers}
        onSelectShift={(id) => {
          const s = shifts.find((x) => x.id === id);
          if (!s) return;
          onSelect({
            title: `${s.actorName}: ${s.from} → ${s.to} (${formatDate(s.fromDate, s.fromDatePrecision)} to ${formatDate(s.toDate, s.toDatePrecision)})`,
            filters: {
              ...filters,
              actor: [s.actor],
              topic: String(s.topicSlug),
              from: s.fromDate,
              to: lastDay(s.toDate, s.toDatePrecision),
            },
          });
        }}
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

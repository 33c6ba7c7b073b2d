"use client";

import dynamic from "next/dynamic";
import type { Filters } from "@/browser/api-client";
import type { Selection } from "@/browser/selection";
import { buildDistribution, type ChartActor } from "@/components/charts/data";
import { STANCE_STYLE } from "@/components/charts/style";
import { MATRIX_MAX_GROUPS } from "@/contracts/filters";
import { useStanceSummary } from "@/hooks/use-stance-summary";
import { ChartFigure, ChartSkeleton } from "../charts/chart-figure";
import { StanceKey } from "../charts/stance-legend";
import { ExportButtons } from "./export-buttons";
import { chartState, EMPTY_MESSAGE } from "./panel-state";

// recharts is most of the dashboard's JavaScript: it loads after the first paint, which the SVG matrix and
// heatmap already fill (see `npm run size`).
const StanceDistributionChart = dynamic(
  () => import("../charts/stance-distribution-chart").then((m) => m.StanceDistributionChart),
  { ssr: false, loading: () => <ChartSkeleton kind="bars" /> },
);

type Props = { filters: Filters; actors: ChartActor[]; onSelect: (s: Selection) => void };

/** Shares the matrix's request (same key): the counts per actor are the sums over its sources. */
export function DistributionPanel({ filters, actors, onSelect }: Props) {
  const query = useStanceSummary(filters, "source", MATRIX_MAX_GROUPS);
  const rows = query.data ? buildDistribution(query.data.items, actors) : [];
  const total = rows.reduce((n, r) => n + r.total, 0);
  return (
    <ChartFigure
      id="distribution"
      title="Stance distribution"
      actions={<ExportButtons chart="distribution" title="Stance distribution" />}
      subtitle={query.data && `${total} coded statement${total === 1 ? "" : "s"} per actor and label`}
      state={chartState(query, (d) => d.items.length === 0, EMPTY_MESSAGE)}
      refreshing={query.isPlaceholderData || (query.isFetching && !query.isLoading)}
      skeleton="bars"
      legend={<StanceKey />}
    >
      <StanceDistributionChart
        rows={rows}
        onSelect={(actor, stance) =>
          onSelect({
            title: `${rows.find((r) => r.actor === actor)?.name ?? actor}: ${STANCE_STYLE[stance].label.toLowerCase()}`,
            filters: { ...filters, actor: [actor], stance: [stance] },
          })
        }
      />
    </ChartFigure>
  );
}

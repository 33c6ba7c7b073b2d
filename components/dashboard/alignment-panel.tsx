"use client";

import type { Filters } from "@/browser/api-client";
import type { Selection } from "@/browser/selection";
import { buildAlignmentGrid, type ChartActor } from "@/components/charts/data";
import { useAlignment } from "@/hooks/use-alignment";
import { AlignmentHeatmapChart, AlignmentScale } from "../charts/alignment-heatmap-chart";
import { ChartFigure } from "../charts/chart-figure";
import { ExportButtons } from "./export-buttons";
import { chartState, EMPTY_MESSAGE } from "./panel-state";

type Props = { filters: Filters; actors: ChartActor[]; onSelect: (s: Selection) => void };

export function AlignmentPanel({ filters, actors, onSelect }: Props) {
  const query = useAlignment(filters);
  const grid = query.data ? buildAlignmentGrid(query.data) : null;
  const shown = grid ? actors.filter((a) => grid.actors.includes(a.code)) : [];
  const name = (code: string) => actors.find((a) => a.code === code)?.name ?? code;
  return (
    <ChartFigure
      id="alignment"
      title="Alignment"
      actions={<ExportButtons chart="alignment" title="Alignment" />}
      subtitle="Share of reports coding both actors in which they took the same stance"
      state={chartState(
        query,
        (d) => d.items.every((p) => p.reports === 0),
        emptyAlignmentMessage(query.data?.actors.length ?? 0),
      )}
      refreshing={query.isPlaceholderData || (query.isFetching && !query.isLoading)}
      skeleton="grid"
      legend={<AlignmentScale />}
    >
      {grid && (
        <AlignmentHeatmapChart
          actors={shown}
          cells={grid.cells}
          onSelect={(cell) =>
            onSelect({
              title: `${name(cell.a)} and ${name(cell.b)}: same stance in ${cell.same} of ${cell.reports} report${cell.reports === 1 ? "" : "s"}`,
              filters: { ...filters, actor: [cell.a, cell.b], report: cell.reportIds },
            })
          }
        />
      )}
    </ChartFigure>
  );
}

function emptyAlignmentMessage(selected: number): string {
  return selected < 2
    ? "Alignment compares pairs: choose at least two countries."
    : `No report codes two of these actors. ${EMPTY_MESSAGE}`;
}

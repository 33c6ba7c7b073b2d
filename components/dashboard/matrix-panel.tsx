"use client";

import type { Filters } from "@/browser/api-client";
import { monthRange, type Selection } from "@/browser/selection";
import { buildMatrix, type ChartActor } from "@/components/charts/data";
import { STANCE_STYLE } from "@/components/charts/style";
import { MATRIX_MAX_GROUPS } from "@/contracts/filters";
import { formatDate } from "@/domain/dates";
import { useStanceSummary } from "@/hooks/use-stance-summary";
import { ChartFigure } from "../charts/chart-figure";
import { StanceKey } from "../charts/stance-legend";
import { StanceMatrixChart } from "../charts/stance-matrix-chart";
import { ExportButtons } from "./export-buttons";
import { chartState, EMPTY_MESSAGE } from "./panel-state";

type Props = { filters: Filters; actors: ChartActor[]; onSelect: (s: Selection) => void };

export function MatrixPanel({ filters, actors, onSelect }: Props) {
  const query = useStanceSummary(filters, "source", MATRIX_MAX_GROUPS);
  const data = query.data ? buildMatrix(query.data.items, actors) : null;
  const names = new Map(actors.map((a) => [a.code, a.name]));
  const monthly = query.data?.by === "month";
  return (
    <ChartFigure
      id="matrix"
      title="Stance matrix"
      actions={<ExportButtons chart="matrix" title="Stance matrix" />}
      subtitle={
        data &&
        (monthly
          ? `Too many sources to draw one by one: grouped by month (${data.columns.length} months)`
          : `${data.columns.length} source${data.columns.length === 1 ? "" : "s"} in date order: the outlet a statement cites, else its report`)
      }
      state={chartState(query, (d) => d.items.length === 0, EMPTY_MESSAGE)}
      refreshing={query.isPlaceholderData || (query.isFetching && !query.isLoading)}
      skeleton="matrix"
      legend={<StanceKey extra={[{ label: "Not coded in this source", swatch: "#f3f2ee" }]} />}
    >
      {data && (
        <StanceMatrixChart
          data={data}
          onSelect={(cell, column) =>
            onSelect({
              title: `${names.get(cell.actor) ?? cell.actor}: ${STANCE_STYLE[cell.stance].label.toLowerCase()} · ${column.label}, ${formatDate(column.date, column.datePrecision)}`,
              filters: {
                ...filters,
                actor: [cell.actor],
                ...(monthly ? monthRange(column.key, filters) : { source: column.key }),
              },
            })
          }
        />
      )}
    </ChartFigure>
  );
}

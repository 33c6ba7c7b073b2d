import type { UseQueryResult } from "@tanstack/react-query";
import type { ChartState } from "../charts/chart-figure";

/** A query's state as a chart frame shows it; `isEmpty` decides between the chart and the empty state. */
export function chartState<T>(
  query: UseQueryResult<T>,
  isEmpty: (data: T) => boolean,
  emptyMessage: string,
): ChartState {
  if (query.data !== undefined) {
    return isEmpty(query.data) ? { status: "empty", message: emptyMessage } : { status: "ready" };
  }
  if (query.isError) {
    return { status: "error", message: query.error.message, retry: () => void query.refetch() };
  }
  return { status: "loading" };
}

export const EMPTY_MESSAGE =
  "No coded statements match these filters. Widen the dates, choose other countries or reset the filters.";

"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, type Filters } from "@/browser/api-client";
import { queryKeys } from "@/browser/query-client";
import type { SummaryGroup } from "@/contracts/filters";

/** GET /api/stances/summary */
export function useStanceSummary(filters: Filters, by: SummaryGroup, maxGroups?: number) {
  return useQuery({
    queryKey: queryKeys.summary(filters, by, maxGroups),
    queryFn: ({ signal }) => api.summary(filters, by, maxGroups, signal),
    placeholderData: keepPreviousData,
  });
}

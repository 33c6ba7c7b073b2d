"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { ShiftFilters } from "@/lib/dashboard-filters";
import { queryKeys } from "@/lib/query-client";

/** GET /api/shifts under the view's filters (the timeline's markers and the Shifts view). */
export function useShifts(filters: ShiftFilters) {
  return useQuery({
    queryKey: queryKeys.shifts(filters),
    queryFn: ({ signal }) => api.shifts(filters, signal),
    placeholderData: keepPreviousData,
  });
}

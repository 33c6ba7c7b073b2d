"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { api } from "@/browser/api-client";
import { queryKeys } from "@/browser/query-client";
import { SHIFTS_PAGE, type ShiftFilters } from "@/contracts/filters";

/** GET /api/shifts under the view's filters, newest first, page by page (the timeline's markers and the Shifts view). */
export function useShifts(filters: ShiftFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.shifts(filters),
    queryFn: ({ pageParam, signal }) => api.shifts(filters, { limit: SHIFTS_PAGE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

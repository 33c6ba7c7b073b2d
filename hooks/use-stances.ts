"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { api, type Filters } from "@/browser/api-client";
import { queryKeys } from "@/browser/query-client";

const PAGE = 50;

/** GET /api/stances, page by page (the evidence panel's "Show more"). */
export function useStances(filters: Filters | null) {
  return useInfiniteQuery({
    queryKey: queryKeys.stances(filters ?? {}),
    queryFn: ({ pageParam, signal }) => api.stances(filters ?? {}, { limit: PAGE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: filters !== null,
  });
}

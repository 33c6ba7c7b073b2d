"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, type Filters } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-client";

/** GET /api/alignment */
export function useAlignment(filters: Filters) {
  return useQuery({
    queryKey: queryKeys.alignment(filters),
    queryFn: ({ signal }) => api.alignment(filters, signal),
    placeholderData: keepPreviousData,
  });
}

"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, type Filters } from "@/browser/api-client";
import { queryKeys } from "@/browser/query-client";

/** GET /api/alignment */
export function useAlignment(filters: Filters) {
  return useQuery({
    queryKey: queryKeys.alignment(filters),
    queryFn: ({ signal }) => api.alignment(filters, signal),
    placeholderData: keepPreviousData,
  });
}

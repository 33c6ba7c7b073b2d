"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-client";

/** GET /api/stances/{id}/revisions, fetched when a coding's history is opened. */
export function useRevisions(codingId: number, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.revisions(codingId),
    queryFn: ({ signal }) => api.revisions(codingId, signal),
    enabled,
  });
}

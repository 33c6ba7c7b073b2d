"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/browser/api-client";
import { queryKeys } from "@/browser/query-client";

/** GET /api/stances/{id}/revisions (the history panel mounts it when opened). */
export function useRevisions(codingId: number) {
  return useQuery({
    queryKey: queryKeys.revisions(codingId),
    queryFn: ({ signal }) => api.revisions(codingId, signal),
  });
}

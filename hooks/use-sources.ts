"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/browser/api-client";
import { queryKeys } from "@/browser/query-client";

/** The list shows when each source is polled next: re-read every minute so that last and next poll stay true. */
const SOURCES_REFRESH = 60_000;

/** GET /api/sources (signed in). */
export function useSources() {
  return useQuery({
    queryKey: queryKeys.sources(),
    queryFn: ({ signal }) => api.sources(signal),
    refetchInterval: SOURCES_REFRESH,
  });
}

/** POST /api/sources/preview: nothing is stored, so nothing is invalidated. */
export function usePreviewSource() {
  return useMutation({ mutationFn: api.previewSource });
}

/** POST /api/sources. */
export function useCreateSource() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.createSource,
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.sources() }),
  });
}

/** PATCH /api/sources/{id}: pause, resume, rename, reschedule. */
export function useUpdateSource() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.updateSource,
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.sources() }),
  });
}

/** DELETE /api/sources/{id}. */
export function useDeleteSource() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.deleteSource,
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.sources() }),
  });
}

/**
 * POST /api/sources/{id}/poll. New reports change every read of the dashboard, so those are marked stale too
 * (they refetch when next shown), not only the list.
 */
export function usePollSource() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.pollSource,
    onSuccess: (result) => {
      if (result.added > 0) void client.invalidateQueries({ refetchType: "none" });
      return client.invalidateQueries({ queryKey: queryKeys.sources() });
    },
  });
}

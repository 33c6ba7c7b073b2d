"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/browser/api-client";
import { queryKeys } from "@/browser/query-client";

// Reference lists change rarely: kept fresh for ten minutes.
const REFERENCE_STALE = 10 * 60_000;

export function useActors() {
  return useQuery({
    queryKey: queryKeys.actors(),
    queryFn: ({ signal }) => api.actors(signal),
    staleTime: REFERENCE_STALE,
  });
}

export function useTopics() {
  return useQuery({
    queryKey: queryKeys.topics(),
    queryFn: ({ signal }) => api.topics(signal),
    staleTime: REFERENCE_STALE,
  });
}

/** GET /api/topics/suggest: the parties a topic title names, once the title has settled. */
export function useTopicSuggestion(title: string) {
  const trimmed = title.trim();
  return useQuery({
    queryKey: queryKeys.topicSuggestion(trimmed),
    queryFn: ({ signal }) => api.topicSuggestion(trimmed, signal),
    enabled: trimmed.length >= 3,
    staleTime: REFERENCE_STALE,
  });
}

export function useOutlets() {
  return useQuery({
    queryKey: queryKeys.outlets(),
    queryFn: ({ signal }) => api.outlets(signal),
    staleTime: REFERENCE_STALE,
  });
}

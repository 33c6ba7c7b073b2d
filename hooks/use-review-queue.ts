"use client";

import { type InfiniteData, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { api } from "@/browser/api-client";
import { queryKeys } from "@/browser/query-client";
import { REVIEW_PAGE, type ReviewFilters } from "@/contracts/filters";
import type { ReviewQueue, ReviewQueueItem } from "@/contracts/responses";

type QueueData = InfiniteData<ReviewQueue, string | undefined>;

/** The queue's query-key prefix: the queries a decision leaves to edit themselves instead of refetching. */
export const REVIEW_QUEUE_KEY = queryKeys.reviewQueue({})[0];

/** GET /api/review-queue under the URL's filters, least confident first, page by page. */
export function useReviewQueue(filters: ReviewFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.reviewQueue(filters),
    queryFn: ({ pageParam, signal }) => api.reviewQueue(filters, { limit: REVIEW_PAGE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // The queue is worked through here: a decision edits it in place, a refetch would reorder under the reviewer.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/**
 * Edits the cached queue the moment a decision is made, so the next coding shows at once: `take` removes a
 * coding (and one from the count), `putBack` returns one to the front (an undo).
 */
export function useQueueEditor(filters: ReviewFilters) {
  const client = useQueryClient();
  const filterKey = JSON.stringify(filters);
  return useMemo(() => {
    const key = queryKeys.reviewQueue(JSON.parse(filterKey) as ReviewFilters);
    const edit = (change: (data: QueueData) => QueueData) =>
      client.setQueryData<QueueData>(key, (data) => (data ? change(data) : data));
    return {
      take: (id: number) =>
        edit((data) => ({
          ...data,
          pages: data.pages.map((p) => ({
            ...p,
            items: p.items.filter((i) => i.id !== id),
            remaining: Math.max(0, p.remaining - 1),
          })),
        })),
      putBack: (item: ReviewQueueItem) =>
        edit((data) => ({
          ...data,
          pages: data.pages.map((p, i) => ({
            ...p,
            items:
              i === 0 ? [item, ...p.items.filter((x) => x.id !== item.id)] : p.items.filter((x) => x.id !== item.id),
            remaining: p.remaining + 1,
          })),
        })),
    };
  }, [client, filterKey]);
}

/** POST /api/stances/{id}/revert: undo a coding's latest review; every view refetches what it shows. */
export function useRevertCoding() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, revision }: { id: number; revision: number }) => api.revertCoding(id, { revision }),
    // The queue itself is left as the reviewer's undo put it; the charts and lists refetch.
    onSuccess: () => client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== REVIEW_QUEUE_KEY }),
  });
}

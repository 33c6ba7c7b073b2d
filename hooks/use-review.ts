"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type AddCodingInput, api, type ReviewInput } from "@/browser/api-client";
import { queryKeys } from "@/browser/query-client";

/**
 * A review changes what every view shows (charts, evidence lists, agreement), so after one the whole cache is
 * marked stale: the open page refetches now, the others when they are next shown.
 */
function useInvalidateAll() {
  const client = useQueryClient();
  return () => client.invalidateQueries();
}

/**
 * PATCH /api/stances/{id}: confirm, correct or reject a coding. `keep` names a query that edits itself instead
 * of refetching (the review queue, which a refetch would reorder under the reviewer).
 */
export function useReviewCoding(options: { keep?: string } = {}) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, review }: { id: number; review: ReviewInput }) => api.reviewCoding(id, review),
    onSuccess: () => client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== options.keep }),
  });
}

/** POST /api/stances: add a coding the coder missed. */
export function useAddCoding() {
  const invalidate = useInvalidateAll();
  return useMutation({ mutationFn: (body: AddCodingInput) => api.addCoding(body), onSuccess: invalidate });
}

/** POST /api/reports/preview: code a pasted report without storing it. */
export function usePreviewReport() {
  return useMutation({ mutationFn: api.previewReport });
}

/** POST /api/reports: store and code a report. */
export function useCreateReport() {
  const invalidate = useInvalidateAll();
  return useMutation({ mutationFn: api.createReport, onSuccess: invalidate });
}

/** POST /api/topics: a new topic to file reports under; the topic list refetches. */
export function useCreateTopic() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.createTopic,
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.topics() }),
  });
}

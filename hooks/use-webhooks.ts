"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/browser/api-client";
import { queryKeys } from "@/browser/query-client";

/** GET /api/webhooks (signed in). */
export function useWebhooks() {
  return useQuery({ queryKey: queryKeys.webhooks(), queryFn: ({ signal }) => api.webhooks(signal) });
}

/** GET /api/webhooks/{id}/deliveries, polled while deliveries may still change. */
export function useDeliveries(webhookId: number) {
  return useQuery({
    queryKey: queryKeys.deliveries(webhookId),
    queryFn: ({ signal }) => api.deliveries(webhookId, signal),
    refetchInterval: (query) => (query.state.data?.items.some((d) => d.state === "pending") ? 3000 : false),
  });
}

/** POST /api/webhooks. */
export function useCreateWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.createWebhook,
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.webhooks() }),
  });
}

/** DELETE /api/webhooks/{id}. */
export function useDeleteWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.deleteWebhook,
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.webhooks() }),
  });
}

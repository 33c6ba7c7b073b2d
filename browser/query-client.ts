import { QueryClient } from "@tanstack/react-query";

/** Dashboard data changes when analysts ingest or review, not by the second. */
export const DASHBOARD_STALE_TIME = 30_000;

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: DASHBOARD_STALE_TIME, refetchOnWindowFocus: false, retry: 1 },
    },
  });
}

/** Query keys: one prefix per endpoint, then every parameter the request carries. */
export const queryKeys = {
  actors: () => ["actors"] as const,
  topics: () => ["topics"] as const,
  topicSuggestion: (title: string) => ["topics:suggest", title] as const,
  outlets: () => ["outlets"] as const,
  summary: (filters: object, by: string, maxGroups: number | undefined) =>
    ["stances:summary", filters, by, maxGroups ?? null] as const,
  alignment: (filters: object) => ["alignment", filters] as const,
  stances: (filters: object) => ["stances", filters] as const,
  report: (id: number) => ["report", id] as const,
  revisions: (codingId: number) => ["stances:revisions", codingId] as const,
  agreement: (filters: object) => ["coder:agreement", filters] as const,
  session: () => ["session"] as const,
  shifts: (filters: object) => ["shifts", filters] as const,
  reviewQueue: (filters: object) => ["review-queue", filters] as const,
  webhooks: () => ["webhooks"] as const,
  deliveries: (webhookId: number) => ["webhooks:deliveries", webhookId] as const,
  sources: () => ["sources"] as const,
};

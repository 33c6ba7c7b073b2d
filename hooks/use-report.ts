"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/browser/api-client";
import { queryKeys } from "@/browser/query-client";

/** GET /api/reports/{id}: the report page's body and codings (hydrated from the server's first paint). */
export function useReport(id: number) {
  return useQuery({ queryKey: queryKeys.report(id), queryFn: ({ signal }) => api.report(id, signal) });
}

"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { AgreementFilters } from "@/lib/dashboard-filters";
import { queryKeys } from "@/lib/query-client";

/** GET /api/coder/agreement under the Coder quality view's filters. */
export function useAgreement(filters: AgreementFilters) {
  return useQuery({
    queryKey: queryKeys.agreement(filters),
    queryFn: ({ signal }) => api.agreement(filters, signal),
    placeholderData: keepPreviousData,
  });
}

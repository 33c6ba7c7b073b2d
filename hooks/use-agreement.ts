"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "@/browser/api-client";
import { queryKeys } from "@/browser/query-client";
import type { AgreementFilters } from "@/contracts/filters";

/** GET /api/coder/agreement under the Coder quality view's filters. */
export function useAgreement(filters: AgreementFilters) {
  return useQuery({
    queryKey: queryKeys.agreement(filters),
    queryFn: ({ signal }) => api.agreement(filters, signal),
    placeholderData: keepPreviousData,
  });
}

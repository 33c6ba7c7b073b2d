"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { type DashboardFilters, filtersToSearchParams, parseDashboardFilters } from "@/lib/dashboard-filters";

/**
 * The filters live in the URL: a copied link reopens the same view, and back and forward step through filter
 * states. Changes go through history.pushState, which Next keeps in step with useSearchParams without a
 * server round trip.
 */
export function useDashboardFilters() {
  const params = useSearchParams();
  const pathname = usePathname();
  const filters = useMemo(() => parseDashboardFilters(new URLSearchParams(params.toString())), [params]);

  const setFilters = useCallback(
    (next: DashboardFilters) => {
      const qs = filtersToSearchParams({ ...next }).toString();
      window.history.pushState(null, "", qs ? `${pathname}?${qs}` : pathname);
    },
    [pathname],
  );

  const update = useCallback(
    (patch: Partial<DashboardFilters>) => setFilters({ ...filters, ...patch }),
    [filters, setFilters],
  );

  return { filters, setFilters, update };
}

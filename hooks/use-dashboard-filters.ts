"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { filtersToSearchParams, parseDashboardFilters } from "@/contracts/filters";

/**
 * A view's filters live in the URL: a copied link reopens the same view, and back and forward step through filter
 * states. Changes go through history.pushState, which Next keeps in step with useSearchParams without a
 * server round trip.
 */
export function useUrlFilters<F extends object>(parse: (params: URLSearchParams) => F) {
  const params = useSearchParams();
  const pathname = usePathname();
  const filters = useMemo(() => parse(new URLSearchParams(params.toString())), [params, parse]);

  const setFilters = useCallback(
    (next: F) => {
      const qs = filtersToSearchParams({ ...next } as Parameters<typeof filtersToSearchParams>[0]).toString();
      window.history.pushState(null, "", qs ? `${pathname}?${qs}` : pathname);
    },
    [pathname],
  );

  const update = useCallback((patch: Partial<F>) => setFilters({ ...filters, ...patch }), [filters, setFilters]);

  return { filters, setFilters, update };
}

/** The dashboard's filters (and those of the views that share them) in the URL. */
export function useDashboardFilters() {
  return useUrlFilters(parseDashboardFilters);
}

import type { ActorItem } from "../db/queries/actors";
import type { Alignment } from "../db/queries/alignment";
import type { OutletItem } from "../db/queries/outlets";
import type { ReportDetail } from "../db/queries/reports";
import type { StancePage, Summary } from "../db/queries/stances";
import type { TopicItem } from "../db/queries/topics";
import { type DashboardFilters, filtersToSearchParams } from "./dashboard-filters";
import type { CodingFilters, SummaryGroup } from "./filters";
import type { ErrorBody } from "./http";

/** The browser's typed client of the HTTP API: the only way components reach the server. */

export class ApiClientError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ApiClientError";
    this.status = status;
    this.code = code;
  }
}

async function get<T>(path: string, params?: URLSearchParams, signal?: AbortSignal): Promise<T> {
  const qs = params?.toString();
  const res = await fetch(qs ? `${path}?${qs}` : path, { signal, headers: { accept: "application/json" } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as ErrorBody | null;
    throw new ApiClientError(
      res.status,
      body?.error.code ?? "http_error",
      body?.error.message ?? `The server answered ${res.status} ${res.statusText}`,
    );
  }
  return (await res.json()) as T;
}

export type Filters = DashboardFilters & Partial<Pick<CodingFilters, "report" | "source">>;

export const api = {
  actors: (signal?: AbortSignal) => get<{ items: ActorItem[] }>("/api/actors", undefined, signal),
  topics: (signal?: AbortSignal) => get<{ items: TopicItem[] }>("/api/topics", undefined, signal),
  outlets: (signal?: AbortSignal) => get<{ items: OutletItem[] }>("/api/outlets", undefined, signal),
  summary: (filters: Filters, by: SummaryGroup, maxGroups?: number, signal?: AbortSignal) =>
    get<Summary>("/api/stances/summary", filtersToSearchParams({ ...filters, by, maxGroups }), signal),
  alignment: (filters: Filters, signal?: AbortSignal) =>
    get<Alignment>("/api/alignment", filtersToSearchParams(filters), signal),
  stances: (filters: Filters, page: { limit: number; cursor?: string }, signal?: AbortSignal) =>
    get<StancePage>("/api/stances", filtersToSearchParams({ ...filters, ...page }), signal),
  report: (id: number, signal?: AbortSignal) => get<ReportDetail>(`/api/reports/${id}`, undefined, signal),
};

import type { z } from "zod";
import type { ErrorBody, ErrorIssue } from "../contracts/errors";
import type { CodingFilters, SummaryGroup } from "../contracts/filters";
import {
  type AgreementFilters,
  type DashboardFilters,
  filtersToSearchParams,
  type ReviewFilters,
  type ShiftFilters,
} from "../contracts/filters";
import type { IngestResult, NewReportBody } from "../contracts/reports";
import type {
  ActorItem,
  Alignment,
  DeliveryItem,
  OutletItem,
  ReportDetail,
  ReportPreview,
  ReviewedItem,
  ReviewQueue,
  RevisionItem,
  SessionState,
  ShiftPage,
  StanceItem,
  StancePage,
  Summary,
  TopicItem,
  TopicSuggestion,
  WebhookItem,
} from "../contracts/responses";
import type { AddCodingBody, ReviewBody } from "../contracts/review";
import type {
  NewSourceBody,
  PollResult,
  SourceItem,
  SourcePatchBody,
  SourcePreview,
  SourcePreviewBody,
} from "../contracts/sources";
import type { NewTopicBody } from "../contracts/topics";
import type { Agreement } from "../domain/agreement";

/** The browser's typed client of the HTTP API: the only way components reach the server. */

export class ApiClientError extends Error {
  readonly status: number;
  readonly code: string;
  /** Which fields were wrong, when the server said so. */
  readonly issues: ErrorIssue[];
  /** Anything else the error carried, such as the stored report's id of a 409. */
  readonly details: Record<string, unknown>;
  constructor(status: number, code: string, message: string, issues: ErrorIssue[] = [], details = {}) {
    super(message);
    this.name = "ApiClientError";
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.details = details;
  }
}

async function request<T>(
  method: string,
  path: string,
  init: { query?: URLSearchParams; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const qs = init.query?.toString();
  const headers: Record<string, string> = { accept: "application/json" };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(qs ? `${path}?${qs}` : path, {
      method,
      signal: init.signal,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiClientError(0, "network", "The server could not be reached: check your connection and try again");
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as ErrorBody | null;
    const { code, message, issues, ...details } = body?.error ?? {};
    throw new ApiClientError(
      res.status,
      code ?? "http_error",
      message ?? `The server answered ${res.status} ${res.statusText}`,
      issues,
      details,
    );
  }
  return (await res.json()) as T;
}

const get = <T>(path: string, query?: URLSearchParams, signal?: AbortSignal) =>
  request<T>("GET", path, { query, signal });

export type Filters = DashboardFilters & Partial<Pick<CodingFilters, "report" | "source">>;

export const api = {
  actors: (signal?: AbortSignal) => get<{ items: ActorItem[] }>("/api/actors", undefined, signal),
  topics: (signal?: AbortSignal) => get<{ items: TopicItem[] }>("/api/topics", undefined, signal),
  topicSuggestion: (title: string, signal?: AbortSignal) =>
    get<TopicSuggestion>("/api/topics/suggest", new URLSearchParams({ title }), signal),
  outlets: (signal?: AbortSignal) => get<{ items: OutletItem[] }>("/api/outlets", undefined, signal),
  summary: (filters: Filters, by: SummaryGroup, maxGroups?: number, signal?: AbortSignal) =>
    get<Summary>("/api/stances/summary", filtersToSearchParams({ ...filters, by, maxGroups }), signal),
  alignment: (filters: Filters, signal?: AbortSignal) =>
    get<Alignment>("/api/alignment", filtersToSearchParams(filters), signal),
  stances: (filters: Filters, page: { limit: number; cursor?: string }, signal?: AbortSignal) =>
    get<StancePage>("/api/stances", filtersToSearchParams({ ...filters, ...page }), signal),
  report: (id: number, signal?: AbortSignal) => get<ReportDetail>(`/api/reports/${id}`, undefined, signal),
  revisions: (codingId: number, signal?: AbortSignal) =>
    get<{ items: RevisionItem[] }>(`/api/stances/${codingId}/revisions`, undefined, signal),
  agreement: (filters: AgreementFilters, signal?: AbortSignal) =>
    get<Agreement>("/api/coder/agreement", filtersToSearchParams(filters), signal),
  shifts: (filters: ShiftFilters, page: { limit: number; cursor?: string }, signal?: AbortSignal) =>
    get<ShiftPage>("/api/shifts", filtersToSearchParams({ ...filters, ...page }), signal),
  reviewQueue: (filters: ReviewFilters, page: { limit: number; cursor?: string }, signal?: AbortSignal) =>
    get<ReviewQueue>("/api/review-queue", filtersToSearchParams({ ...filters, ...page }), signal),
  webhooks: (signal?: AbortSignal) => get<{ items: WebhookItem[] }>("/api/webhooks", undefined, signal),
  deliveries: (webhookId: number, signal?: AbortSignal) =>
    get<{ items: DeliveryItem[] }>(`/api/webhooks/${webhookId}/deliveries`, undefined, signal),
  session: (signal?: AbortSignal) => get<SessionState>("/api/session", undefined, signal),
  sources: (signal?: AbortSignal) => get<{ items: SourceItem[] }>("/api/sources", undefined, signal),

  signIn: (token: string) => request<SessionState>("POST", "/api/session", { body: { token } }),
  signOut: (everywhere = false) =>
    request<SessionState>("DELETE", everywhere ? "/api/session?everywhere=true" : "/api/session"),
  previewReport: (body: NewReportInput) => request<ReportPreview>("POST", "/api/reports/preview", { body }),
  createWebhook: (body: { url: string; description?: string; minConfidence?: number; reviewed?: boolean }) =>
    request<WebhookItem & { secret: string }>("POST", "/api/webhooks", { body }),
  deleteWebhook: (id: number) => request<{ deleted: number }>("DELETE", `/api/webhooks/${id}`),
  createTopic: (body: NewTopicInput) => request<TopicItem>("POST", "/api/topics", { body }),
  createReport: (body: NewReportInput) => request<IngestResult>("POST", "/api/reports", { body }),
  reviewCoding: (id: number, body: ReviewInput) => request<ReviewedItem>("PATCH", `/api/stances/${id}`, { body }),
  revertCoding: (id: number, body: { revision?: number; note?: string }) =>
    request<ReviewedItem>("POST", `/api/stances/${id}/revert`, { body }),
  addCoding: (body: AddCodingInput) => request<StanceItem>("POST", "/api/stances", { body }),
  createSource: (body: z.input<typeof NewSourceBody>) => request<SourceItem>("POST", "/api/sources", { body }),
  previewSource: (body: z.input<typeof SourcePreviewBody>) =>
    request<SourcePreview>("POST", "/api/sources/preview", { body }),
  updateSource: ({ id, ...body }: z.input<typeof SourcePatchBody> & { id: number }) =>
    request<SourceItem>("PATCH", `/api/sources/${id}`, { body }),
  deleteSource: (id: number) => request<{ deleted: number }>("DELETE", `/api/sources/${id}`),
  pollSource: (id: number) => request<PollResult>("POST", `/api/sources/${id}/poll`),
};

export type { SessionState };

/** What the browser sends: each body's input shape, from the schema the route parses it with. */
export type NewReportInput = z.input<typeof NewReportBody>;
export type NewTopicInput = z.input<typeof NewTopicBody>;
export type ReviewInput = z.input<typeof ReviewBody>;
export type AddCodingInput = z.input<typeof AddCodingBody>;

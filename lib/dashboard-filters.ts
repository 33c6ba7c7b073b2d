import { CONFIDENCE_PATTERN, REVIEW_STATUSES, type ReviewStatus, STANCES, type Stance } from "./labels";
import { isIsoDate } from "./dates";

/**
 * The dashboard's filters as they live in the URL, under the API's own parameter names. Parsing is lenient:
 * a hand-edited URL with one bad value still opens, without that value.
 */
export type DashboardFilters = {
  actor?: string[];
  topic?: string;
  from?: string;
  to?: string;
  outlet?: string;
  stance?: Stance[];
  status?: ReviewStatus[];
};

export const FILTER_KEYS = ["actor", "topic", "from", "to", "outlet", "stance", "status"] as const;

type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function read(params: ParamSource, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.getAll(key).join(",") || undefined;
  const v = params[key];
  return (Array.isArray(v) ? v.join(",") : v) || undefined;
}

function list(value: string | undefined): string[] {
  return [
    ...new Set(
      (value ?? "")
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}

export function parseDashboardFilters(params: ParamSource): DashboardFilters {
  const f: DashboardFilters = {};
  const actor = list(read(params, "actor"))
    .map((c) => c.toUpperCase())
    .filter((c) => /^[A-Z][A-Z0-9_-]{0,15}$/.test(c));
  if (actor.length) f.actor = actor;
  const topic = read(params, "topic")?.trim();
  if (topic && /^[a-z0-9][a-z0-9-]*$/i.test(topic)) f.topic = topic;
  const from = read(params, "from");
  if (from && isIsoDate(from)) f.from = from;
  const to = read(params, "to");
  if (to && isIsoDate(to)) f.to = to;
  if (f.from && f.to && f.from > f.to) delete f.to;
  const outlet = read(params, "outlet")?.trim();
  if (outlet) f.outlet = outlet.slice(0, 200);
  const stance = list(read(params, "stance")).filter((s): s is Stance => (STANCES as readonly string[]).includes(s));
  if (stance.length) f.stance = stance;
  const status = list(read(params, "status")).filter((s): s is ReviewStatus =>
    (REVIEW_STATUSES as readonly string[]).includes(s),
  );
  if (status.length) f.status = status;
  return f;
}

/** Query parameters in a stable order, lists comma-joined, empty values left out. */
export function filtersToSearchParams(
  filters: Record<string, string | number | boolean | readonly (string | number)[] | undefined | null>,
): URLSearchParams {
  const params = new URLSearchParams();
  const entries = Object.entries(filters).sort(([a], [b]) => a.localeCompare(b));
  for (const [key, value] of entries) {
    // A false switch (reviewed=false) is the default: left out, like an empty value.
    if (value === undefined || value === null || value === "" || value === false) continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(","));
    } else params.set(key, String(value));
  }
  return params;
}

/** The filters the API is asked with: no country chosen means the default actors. */
export function effectiveFilters(filters: DashboardFilters, defaultActors: readonly string[]): DashboardFilters {
  return { ...filters, actor: filters.actor?.length ? filters.actor : [...defaultActors] };
}

export function hasActiveFilters(filters: DashboardFilters): boolean {
  return FILTER_KEYS.some((k) => filters[k] !== undefined);
}

/** The filters the Coder quality view shares with the dashboard (the agreement API takes no others). */
export type AgreementFilters = Pick<DashboardFilters, "actor" | "topic" | "from" | "to">;

export function agreementFilters(filters: DashboardFilters): AgreementFilters {
  const { actor, topic, from, to } = filters;
  return Object.fromEntries(
    Object.entries({ actor, topic, from, to }).filter(([, v]) => v !== undefined),
  ) as AgreementFilters;
}

/** A confidence bound from a URL: a number from 0 to 1, anything else left out. */
function confidence(value: string | undefined): number | undefined {
  if (!value || !CONFIDENCE_PATTERN.test(value.trim())) return undefined;
  return Number(value);
}

/** What the shifts view asks of a shift's two codings (both at least this confident; both reviewed). */
export type ShiftStandingFilters = { minConfidence?: number; reviewed?: boolean };

/** The filters of the shifts view and feed (the shifts API takes no others). */
export type ShiftFilters = AgreementFilters & ShiftStandingFilters;

export function shiftFilters(filters: DashboardFilters & ShiftStandingFilters): ShiftFilters {
  const { minConfidence, reviewed } = filters;
  return {
    ...agreementFilters(filters),
    ...(minConfidence !== undefined ? { minConfidence } : {}),
    ...(reviewed ? { reviewed } : {}),
  };
}

/** The shifts view's URL: the dashboard's filters it shares, and the standing of the shifts shown. */
export function parseShiftFilters(params: ParamSource): ShiftFilters {
  const reviewed = read(params, "reviewed")?.trim().toLowerCase();
  return shiftFilters({
    ...parseDashboardFilters(params),
    minConfidence: confidence(read(params, "minConfidence")),
    reviewed: reviewed === "true" || reviewed === "1",
  });
}

/** The review queue's filters, as they live in the URL of /review. */
export type ReviewFilters = Pick<DashboardFilters, "actor" | "topic"> & { maxConfidence?: number };

/** Codings fetched per page of the review queue: enough for a long run of decisions without a wait. */
export const REVIEW_PAGE = 50;

export function parseReviewFilters(params: ParamSource): ReviewFilters {
  const { actor, topic } = parseDashboardFilters(params);
  const maxConfidence = confidence(read(params, "maxConfidence"));
  return {
    ...(actor ? { actor } : {}),
    ...(topic ? { topic } : {}),
    ...(maxConfidence !== undefined ? { maxConfidence } : {}),
  };
}

/** Shifts per page of the Shifts view; the timeline marks those of the pages loaded (the first at least). */
export const SHIFTS_PAGE = 500;

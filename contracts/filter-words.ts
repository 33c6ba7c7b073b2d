import { formatDate } from "../domain/dates";
import type { DashboardFilters } from "./filters";

/** The active filters in words, for captions and exported images: "Turkey, Russia; 19 Sep 2023 – 2 Oct 2023". */
export function describeFilters(
  filters: DashboardFilters & { minConfidence?: number; reviewed?: boolean },
  names: { actors: ReadonlyMap<string, string>; topics: ReadonlyMap<string, string> },
  defaultActors: readonly string[],
  /** What no country chosen means here, when not the default actors (the shifts feed: every actor). */
  noneChosen?: string,
): string {
  const parts: string[] = [];
  const chosen = filters.actor?.length ? filters.actor : null;
  parts.push(
    chosen
      ? chosen.map((c) => names.actors.get(c) ?? c).join(", ")
      : (noneChosen ?? `${defaultActors.map((c) => names.actors.get(c) ?? c).join(", ")} (default)`),
  );
  if (filters.topic) parts.push(names.topics.get(filters.topic) ?? filters.topic);
  if (filters.from && filters.to) parts.push(`${formatDate(filters.from)} – ${formatDate(filters.to)}`);
  else if (filters.from) parts.push(`from ${formatDate(filters.from)}`);
  else if (filters.to) parts.push(`until ${formatDate(filters.to)}`);
  if (filters.outlet) parts.push(`outlet ${filters.outlet}`);
  if (filters.stance?.length) parts.push(filters.stance.join(" or "));
  if (filters.status?.length) parts.push(`status ${filters.status.join(" or ")}`);
  if (filters.reviewed) parts.push("reviewed");
  if (filters.minConfidence !== undefined) parts.push(`confidence at least ${filters.minConfidence}`);
  return parts.join("; ");
}

import type { DashboardFilters } from "./filters";

/** What can be exported and what the files are called: shared by the dashboard's buttons and the server. */

export const EXPORT_CHARTS = ["matrix", "distribution", "timeline", "alignment"] as const;
export type ExportChart = (typeof EXPORT_CHARTS)[number];
export const EXPORT_FORMATS = ["svg", "png", "csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CHART_TITLES: Record<ExportChart, string> = {
  matrix: "Stance matrix",
  distribution: "Stance distribution",
  timeline: "Net stance over time",
  alignment: "Alignment",
};

/** The width of every exported image in CSS pixels; the PNG is twice that. */
export const EXPORT_WIDTH = 1000;
export const PNG_SCALE = 2;

const slug = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);

/** `stancewatch-<chart>-<filters>-<date>.<ext>`: "stancewatch-matrix-tr-ru-2023-09-19-to-2023-10-02-2026-12-01.png". */
export function exportFileName(
  chart: ExportChart,
  filters: DashboardFilters,
  ext: ExportFormat,
  today: Date = new Date(),
): string {
  const parts: string[] = [];
  if (filters.actor?.length) parts.push(filters.actor.join("-").toLowerCase());
  if (filters.topic) parts.push(slug(filters.topic));
  if (filters.from || filters.to) parts.push(`${filters.from ?? "start"}-to-${filters.to ?? "end"}`);
  if (filters.outlet) parts.push(slug(filters.outlet));
  if (filters.stance?.length) parts.push(filters.stance.join("-"));
  if (filters.status?.length) parts.push(filters.status.join("-"));
  const what = parts.filter(Boolean).join("-") || "all";
  return `stancewatch-${chart}-${what}-${today.toISOString().slice(0, 10)}.${ext}`;
}

import "server-only";
import {
  buildAlignmentGrid,
  buildDistribution,
  buildMatrix,
  buildTimeline,
  placeShiftMarkers,
} from "@/components/charts/data";
import { actorColor } from "@/components/charts/style";
import { describeFilters } from "@/contracts/filter-words";
import type { ExportQuery } from "@/contracts/filters";
import {
  type DashboardFilters,
  effectiveFilters,
  MATRIX_MAX_GROUPS,
  SHIFTS_PAGE,
  shiftFilters,
  TIMELINE_MAX_GROUPS,
} from "@/contracts/filters";
import type { ActorItem } from "@/contracts/responses";
import type { Database } from "@/db/client";
import { listActors } from "@/db/queries/actors";
import { getAlignment } from "@/db/queries/alignment";
import { listShifts } from "@/db/queries/shifts";
import { describeScope, getSummary, streamStances } from "@/db/queries/stances";
import { listTopics } from "@/db/queries/topics";
import { formatDate } from "@/domain/dates";
import {
  ALIGNMENT_CSV,
  CHART_TITLES,
  composeSvg,
  DISTRIBUTION_CSV,
  EVIDENCE_CSV,
  EXPORT_WIDTH,
  type ExportChart,
  type ExportFormat,
  exportFileName,
  type LegendItem,
  MATRIX_CSV,
  STANCE_LEGEND,
  TIMELINE_CSV,
} from "@/server/export";
import { type CsvColumn, csvStream } from "@/server/export/csv";
import { renderQueue } from "@/server/export/queue";
import { rasterisePng, renderChartSvg } from "@/server/export/render";
import { json } from "@/server/http/route";

/**
 * One chart of the dashboard as a file: its data (JSON exactly as the API serves the chart, CSV with an
 * optional evidence appendix) or its picture (SVG drawn by the dashboard's own chart component, PNG
 * rasterised from that SVG by resvg at twice its size), with the title, legend, filters and a source line.
 * Pictures take a turn in the render queue (503 when it is full) and are drawn in a worker thread.
 */

type Prepared = {
  /** The API payload the dashboard draws this chart from. */
  payload: unknown;
  csv: { rows: unknown[]; columns: CsvColumn<never>[] };
  subtitle: string;
  legend: LegendItem[];
  props: Record<string, unknown>;
};

async function prepare(
  db: Database,
  chart: ExportChart,
  filters: DashboardFilters,
  actors: ActorItem[],
): Promise<Prepared> {
  const chartActors = actors
    .map((a, i) => ({ code: a.code, name: a.name, color: actorColor(a, i) }))
    .filter((a) => filters.actor?.includes(a.code));
  const width = EXPORT_WIDTH - 48;
  switch (chart) {
    case "matrix": {
      const summary = await getSummary(db, { ...filters, by: "source", maxGroups: MATRIX_MAX_GROUPS });
      const data = buildMatrix(summary.items, chartActors);
      return {
        payload: summary,
        csv: { rows: summary.items, columns: MATRIX_CSV as CsvColumn<never>[] },
        subtitle:
          summary.by === "month"
            ? `Grouped by month (${data.columns.length} months): too many sources to draw one by one`
            : `${data.columns.length} sources in date order: the outlet a statement cites, else its report`,
        legend: [...STANCE_LEGEND, { label: "Not coded in this source", color: "#f3f2ee" }],
        props: { data },
      };
    }
    case "distribution": {
      const summary = await getSummary(db, { ...filters, by: "source", maxGroups: MATRIX_MAX_GROUPS });
      const rows = buildDistribution(summary.items, chartActors);
      const total = rows.reduce((n, r) => n + r.total, 0);
      return {
        payload: summary,
        csv: { rows, columns: DISTRIBUTION_CSV as CsvColumn<never>[] },
        subtitle: `${total} coded statement${total === 1 ? "" : "s"} per actor and label`,
        legend: STANCE_LEGEND,
        props: { rows, width },
      };
    }
    case "timeline": {
      const [summary, shifts] = await Promise.all([
        getSummary(db, { ...filters, by: "day", maxGroups: TIMELINE_MAX_GROUPS }),
        // The shifts the dashboard's timeline marks: its first page, the most recent, never every shift.
        listShifts(db, { ...shiftFilters(filters), limit: SHIFTS_PAGE }),
      ]);
      const present = chartActors.filter((a) => summary.items.some((i) => i.actor === a.code));
      const points = buildTimeline(summary.items, present);
      const markers = placeShiftMarkers(points, shifts.items, summary.by);
      return {
        payload: summary,
        csv: { rows: summary.items, columns: TIMELINE_CSV as CsvColumn<never>[] },
        subtitle: `Net score per ${summary.by === "month" ? "month" : "statement date"}: support +1, neutral 0, condemn −1, averaged`,
        legend: [...present.map((a) => ({ label: a.name, color: a.color, line: true })), ...shiftLegend(markers)],
        props: { actors: present, points, grouping: summary.by, shifts: markers, width },
      };
    }
    case "alignment": {
      const alignment = await getAlignment(db, filters);
      const grid = buildAlignmentGrid(alignment);
      return {
        payload: alignment,
        csv: { rows: alignment.items, columns: ALIGNMENT_CSV as CsvColumn<never>[] },
        subtitle: "Share of reports coding both actors in which they took the same stance",
        legend: [
          { label: "0% same stance", color: "hsl(212 60% 96%)" },
          { label: "50% same stance", color: "hsl(212 60% 66%)" },
          { label: "100% same stance", color: "hsl(212 60% 36%)" },
        ],
        props: { actors: chartActors.filter((a) => grid.actors.includes(a.code)), cells: grid.cells },
      };
    }
  }
}

function attachment(name: string, type: string): HeadersInit {
  return { "content-type": type, "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" };
}

/** Two CSV tables in one file: the chart's data, a blank line, then the evidence behind it. */
function joinStreams(first: ReadableStream<Uint8Array>, second: ReadableStream<Uint8Array> | null) {
  if (!second) return first;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const s of [first, second]) {
        const reader = s.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          controller.enqueue(value);
        }
        if (s === first) controller.enqueue(new TextEncoder().encode("\r\n"));
      }
      controller.close();
    },
  });
}

export async function exportChart(
  db: Database,
  chart: ExportChart,
  format: ExportFormat,
  query: ExportQuery,
  signal?: AbortSignal,
): Promise<Response> {
  if (format === "svg" || format === "png") {
    // Refused before any query when the queue is full: a refusal costs the server next to nothing.
    return renderQueue().run(() => exportFile(db, chart, format, query), signal);
  }
  return exportFile(db, chart, format, query);
}

async function exportFile(
  db: Database,
  chart: ExportChart,
  format: ExportFormat,
  query: ExportQuery,
): Promise<Response> {
  const { evidence, ...asked } = query;
  const actors = await listActors(db);
  const filters = effectiveFilters(
    asked,
    actors.filter((a) => a.isDefault).map((a) => a.code),
  );
  const name = exportFileName(chart, asked, format);
  const prepared = await prepare(db, chart, filters, actors);

  if (format === "json")
    return json(prepared.payload, { headers: attachment(name, "application/json; charset=utf-8") });
  if (format === "csv") {
    const data = csvStream(prepared.csv.rows as never[], prepared.csv.columns);
    const appendix = evidence ? csvStream(await streamStances(db, { ...filters }), EVIDENCE_CSV) : null;
    return new Response(joinStreams(data, appendix), { headers: attachment(name, "text/csv; charset=utf-8") });
  }

  const [scope, topics] = await Promise.all([describeScope(db, filters), listTopics(db)]);
  const words = describeFilters(
    asked,
    { actors: new Map(actors.map((a) => [a.code, a.name])), topics: new Map(topics.map((t) => [t.slug, t.title])) },
    actors.filter((a) => a.isDefault).map((a) => a.code),
  );
  const span =
    scope.first && scope.last
      ? scope.first === scope.last
        ? formatDate(scope.first)
        : `${formatDate(scope.first)} – ${formatDate(scope.last)}`
      : "no statements";
  const sourceLine = `Source: Stancewatch · ${scope.reports} report${scope.reports === 1 ? "" : "s"}, ${scope.codings} coded statement${scope.codings === 1 ? "" : "s"} · ${span} · exported ${formatDate(new Date().toISOString().slice(0, 10))}`;
  const chartSvg = await renderChartSvg(chart, prepared.props);
  const { svg } = composeSvg({
    title: CHART_TITLES[chart],
    subtitle: prepared.subtitle,
    filtersInWords: words,
    sourceLine,
    chartSvg,
    legend: prepared.legend,
  });
  if (format === "svg") return new Response(svg, { headers: attachment(name, "image/svg+xml; charset=utf-8") });
  const png = await rasterisePng(svg);
  return new Response(png as Uint8Array<ArrayBuffer>, { headers: attachment(name, "image/png") });
}

/** The export's legend for shift markers: filled ones reviewed, hollow ones not, each with its count. */
function shiftLegend(markers: readonly { reviewed: boolean }[]): LegendItem[] {
  const reviewed = markers.filter((m) => m.reviewed).length;
  const open = markers.length - reviewed;
  return [
    ...(reviewed ? [{ label: `Reviewed stance shift (${reviewed})`, color: "#374151", glyph: "◆" }] : []),
    ...(open ? [{ label: `Stance shift, not reviewed (${open})`, color: "#9ca3af", glyph: "◇" }] : []),
  ];
}

import "server-only";
import type { DistributionRow } from "../../components/charts/data";
import { STANCE_STYLE } from "../../components/charts/style";
import type { AlignmentPair, StanceItem, SummaryItem } from "../../contracts/responses";
import type { Stance } from "../../domain/labels";
import { escapeXml, xmlText } from "../xml";
import type { CsvColumn } from "./csv";

/** Chart exports: names, file names, the CSV columns of each chart and the standalone SVG around a chart. */

export {
  CHART_TITLES,
  EXPORT_CHARTS,
  EXPORT_FORMATS,
  EXPORT_WIDTH,
  type ExportChart,
  type ExportFormat,
  exportFileName,
  PNG_SCALE,
} from "../../contracts/export-names";

import { EXPORT_WIDTH } from "../../contracts/export-names";

const summaryColumns = (grouping: string): CsvColumn<SummaryItem>[] => [
  { header: grouping === "source" ? "source_key" : "group_key", value: (r) => r.key },
  { header: grouping === "source" ? "source" : "group", value: (r) => r.label },
  { header: "date", value: (r) => r.date },
  { header: "date_precision", value: (r) => r.datePrecision },
  { header: "outlet", value: (r) => r.outlet },
  { header: "report_id", value: (r) => r.reportId },
  { header: "actor", value: (r) => r.actor },
  { header: "support", value: (r) => r.support },
  { header: "neutral", value: (r) => r.neutral },
  { header: "condemn", value: (r) => r.condemn },
  { header: "total", value: (r) => r.total },
  { header: "net", value: (r) => r.net },
];

export const MATRIX_CSV = summaryColumns("source");
export const TIMELINE_CSV = summaryColumns("day");

export const DISTRIBUTION_CSV: CsvColumn<DistributionRow>[] = [
  { header: "actor", value: (r) => r.actor },
  { header: "actor_name", value: (r) => r.name },
  { header: "support", value: (r) => r.support },
  { header: "neutral", value: (r) => r.neutral },
  { header: "condemn", value: (r) => r.condemn },
  { header: "total", value: (r) => r.total },
];

export const ALIGNMENT_CSV: CsvColumn<AlignmentPair>[] = [
  { header: "actor_a", value: (r) => r.a },
  { header: "actor_b", value: (r) => r.b },
  { header: "reports_coding_both", value: (r) => r.reports },
  { header: "same_stance", value: (r) => r.same },
  { header: "share", value: (r) => r.share },
];

/** The evidence appendix: one row per coding behind the chart. */
export const EVIDENCE_CSV: CsvColumn<StanceItem>[] = [
  { header: "evidence_actor", value: (r) => r.actor },
  { header: "stance", value: (r) => r.stance },
  { header: "evidence", value: (r) => r.evidence },
  { header: "report", value: (r) => r.reportTitle },
  { header: "outlet", value: (r) => r.citedSource?.outlet ?? r.reportOutlet },
  { header: "url", value: (r) => r.reportUrl },
  { header: "date", value: (r) => r.statementDate },
];

export { escapeXml } from "../xml";

/** `onColor`: the glyph's colour on the swatch, readable on it (the stance styles give one per stance). */
export type LegendItem = { label: string; color: string; glyph?: string; onColor?: string; line?: boolean };

export const STANCE_LEGEND: LegendItem[] = (Object.keys(STANCE_STYLE) as Stance[]).map((s) => ({
  label: STANCE_STYLE[s].label,
  color: STANCE_STYLE[s].color,
  glyph: STANCE_STYLE[s].glyph,
  onColor: STANCE_STYLE[s].onColor,
}));

// The font stack of the site; resvg and editors take the first one installed. Every style is inline in the file.
const FONT = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif";
const STYLE = `text{font-family:${FONT}}.sw-title{font-size:20px;font-weight:700;fill:#1b1f24}.sw-sub{font-size:13px;fill:#4b5563}.sw-filters{font-size:13px;fill:#1f3a5f;font-weight:600}.sw-legend{font-size:12px;fill:#374151}.sw-source{font-size:11px;fill:#6b7280}.matrix__col-label{font-size:11px}`;

/** Strips what a file must not carry from a chart's SVG: inline sizing styles and tab stops. */
function cleanChartSvg(svg: string): string {
  return xmlText(svg)
    .replace(/^<svg\b([^>]*?)\sstyle="[^"]*"/, "<svg$1")
    .replace(/\stabindex="[^"]*"/g, "")
    .replace(/\srole="(application|button)"/g, "");
}

function legendSvg(items: readonly LegendItem[], y: number, width: number): { svg: string; height: number } {
  let x = 24;
  let row = 0;
  const parts: string[] = [];
  for (const item of items) {
    const w = 26 + item.label.length * 7.2 + 18;
    if (x + w > width - 24) {
      x = 24;
      row++;
    }
    const top = y + row * 22;
    parts.push(
      item.line
        ? `<rect x="${x}" y="${top + 7}" width="18" height="3" fill="${escapeXml(item.color)}"/>`
        : `<rect x="${x}" y="${top}" width="16" height="16" rx="3" fill="${escapeXml(item.color)}"/>` +
            (item.glyph
              ? `<text x="${x + 8}" y="${top + 12}" text-anchor="middle" font-size="9" fill="${escapeXml(item.onColor ?? "#fff")}">${escapeXml(item.glyph)}</text>`
              : ""),
      `<text class="sw-legend" x="${x + 24}" y="${top + 12.5}">${escapeXml(item.label)}</text>`,
    );
    x += w;
  }
  return { svg: parts.join(""), height: items.length ? (row + 1) * 22 : 0 };
}

export type ComposeInput = {
  title: string;
  subtitle: string;
  filtersInWords: string;
  sourceLine: string;
  /** The chart's own `<svg>` with width and height attributes. */
  chartSvg: string;
  legend: readonly LegendItem[];
};

/** The chart's drawn size: its viewBox, else its width and height attributes. */
function chartSize(svg: string): { w: number; h: number } {
  const open = /^<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const box = /viewBox="[\d.-]+ [\d.-]+ ([\d.]+) ([\d.]+)"/.exec(open);
  if (box) return { w: Number(box[1]), h: Number(box[2]) };
  const w = Number(/\swidth="([\d.]+)"/.exec(open)?.[1] ?? 0);
  const h = Number(/\sheight="([\d.]+)"/.exec(open)?.[1] ?? 0);
  return { w: w || EXPORT_WIDTH - 48, h: h || 300 };
}

/** The chart's root element placed at (x, y) and drawn at width x height, its own coordinates kept by a viewBox. */
function placeChart(svg: string, x: number, y: number, width: number, height: number, box: { w: number; h: number }) {
  return svg.replace(/^<svg\b([^>]*)>/, (_m, attrs: string) => {
    // A nested svg inherits the namespace; XML serialisation may have declared it twice.
    const kept = attrs.replace(/\s(?:x|y|width|height|viewBox|class|xmlns)="[^"]*"/g, "");
    return `<svg${kept} x="${x}" y="${y}" width="${width}" height="${height}" viewBox="0 0 ${box.w} ${box.h}" overflow="visible">`;
  });
}

/**
 * A standalone SVG (xmlns, inline styles, white background, no external reference): title, subtitle, the active
 * filters in words, the chart scaled to the export width, its legend and a source line.
 */
export function composeSvg(input: ComposeInput): { svg: string; width: number; height: number } {
  const chart = cleanChartSvg(input.chartSvg);
  const box = chartSize(chart);
  const maxW = EXPORT_WIDTH - 48;
  const scale = box.w > maxW ? maxW / box.w : 1;
  const drawnW = Math.round(box.w * scale);
  const drawnH = Math.round(box.h * scale);
  const top = 96;
  const legendTop = top + drawnH + 20;
  const legend = legendSvg(input.legend, legendTop, EXPORT_WIDTH);
  const sourceY = legendTop + legend.height + 22;
  const height = Math.ceil(sourceY + 18);
  const placed = placeChart(chart, 24, top, drawnW, drawnH, box);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${EXPORT_WIDTH}" height="${height}" viewBox="0 0 ${EXPORT_WIDTH} ${height}">` +
    `<title>${escapeXml(input.title)}</title>` +
    `<style>${STYLE}</style>` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    `<text class="sw-title" x="24" y="36">${escapeXml(input.title)}</text>` +
    `<text class="sw-sub" x="24" y="58">${escapeXml(input.subtitle)}</text>` +
    `<text class="sw-filters" x="24" y="80">${escapeXml(input.filtersInWords)}</text>` +
    placed +
    legend.svg +
    `<text class="sw-source" x="24" y="${sourceY}">${escapeXml(input.sourceLine)}</text>` +
    `</svg>`;
  return { svg, width: EXPORT_WIDTH, height };
}

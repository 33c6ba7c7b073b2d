import type { AlignmentCell, ChartActor } from "@/components/charts/data";
import { ChartMark } from "./chart-mark";

export type AlignmentHeatmapChartProps = {
  actors: ChartActor[];
  cells: AlignmentCell[];
  onSelect?: (cell: AlignmentCell) => void;
};

const CELL = 62;
const LABEL_W = 120;
const HEADER_H = 34;

/** Sequential blue scale: more agreement, darker; the figure is always written in the cell. */
function shade(share: number): string {
  const l = 96 - share * 60;
  return `hsl(212 60% ${l}%)`;
}

/**
 * The figures' colour on a cell of `share`: black up to 79 %, white above. On this scale the two cross at about
 * 4.6:1, so either way the text keeps WCAG AA contrast (4.5:1), which a dark grey or a light grey would not.
 */
function inkOn(share: number): string {
  return share > 0.79 ? "#fff" : "#000";
}

/** For each pair of actors: the share of reports coding both in which they took the same stance. */
export function AlignmentHeatmapChart({ actors, cells, onSelect }: AlignmentHeatmapChartProps) {
  const size = actors.length;
  const width = LABEL_W + size * CELL + 4;
  const height = HEADER_H + size * CELL + 4;
  const byPair = new Map(cells.map((c) => [`${c.a}|${c.b}`, c]));
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width="100%"
      viewBox={`0 0 ${width} ${height}`}
      style={{ maxWidth: width }}
      className="heatmap"
    >
      <title>{`Alignment between ${size} actors`}</title>
      {actors.map((a, i) => (
        <text
          key={a.code}
          x={LABEL_W + i * CELL + CELL / 2}
          y={HEADER_H - 10}
          textAnchor="middle"
          fontSize={12}
          fontWeight={600}
          fill="#111827"
        >
          {a.code}
        </text>
      ))}
      {actors.map((row, ri) => (
        <g key={row.code}>
          <text
            x={LABEL_W - 10}
            y={HEADER_H + ri * CELL + CELL / 2 + 4}
            textAnchor="end"
            fontSize={13}
            fontWeight={600}
            fill="#111827"
          >
            {row.name}
          </text>
          {actors.map((col, ci) => {
            const x = LABEL_W + ci * CELL;
            const y = HEADER_H + ri * CELL;
            if (ri === ci) {
              return <rect key={col.code} x={x + 1} y={y + 1} width={CELL - 2} height={CELL - 2} fill="#e5e7eb" />;
            }
            const cell = byPair.get(`${row.code}|${col.code}`);
            if (!cell || cell.share === null) {
              return (
                <g key={col.code}>
                  <title>{`${row.name} and ${col.name}: no report codes both`}</title>
                  <rect x={x + 1} y={y + 1} width={CELL - 2} height={CELL - 2} fill="#fafaf9" stroke="#e5e7eb" />
                  <text x={x + CELL / 2} y={y + CELL / 2 + 4} textAnchor="middle" fontSize={11} fill="#5f6672">
                    n/a
                  </text>
                </g>
              );
            }
            const pct = Math.round(cell.share * 100);
            const label = `${row.name} and ${col.name}: same stance in ${cell.same} of ${cell.reports} report${cell.reports === 1 ? "" : "s"} (${pct}%)`;
            const select = () => onSelect?.(cell);
            const ink = inkOn(cell.share);
            return (
              <ChartMark
                key={col.code}
                label={label}
                onSelect={select}
                data={{ "data-actor": row.code, "data-actor-b": col.code }}
              >
                <rect x={x + 1} y={y + 1} width={CELL - 2} height={CELL - 2} fill={shade(cell.share)} />
                <text x={x + CELL / 2} y={y + CELL / 2} textAnchor="middle" fontSize={14} fontWeight={700} fill={ink}>
                  {pct}%
                </text>
                <text x={x + CELL / 2} y={y + CELL / 2 + 15} textAnchor="middle" fontSize={10} fill={ink}>
                  {cell.same}/{cell.reports}
                </text>
              </ChartMark>
            );
          })}
        </g>
      ))}
    </svg>
  );
}

export function AlignmentScale() {
  return (
    <ul className="legend">
      {[0, 0.5, 1].map((s) => (
        <li key={s}>
          <span
            className="legend__swatch"
            style={{ background: shade(s), border: "1px solid #d1d5db" }}
            aria-hidden="true"
          />
          {Math.round(s * 100)}% same stance
        </li>
      ))}
      <li>n/a: no report codes both</li>
    </ul>
  );
}

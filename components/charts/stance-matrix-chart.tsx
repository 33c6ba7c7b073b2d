import type { MatrixCell, MatrixColumn, MatrixData } from "@/components/charts/data";
import { STANCE_STYLE } from "@/components/charts/style";
import { formatDate } from "@/domain/dates";
import { ChartMark } from "./chart-mark";

export type StanceMatrixChartProps = {
  data: MatrixData;
  onSelect?: (cell: MatrixCell, column: MatrixColumn) => void;
};

const CELL = 40;
const GAP = 5;
const LABEL_W = 140;
const HEADER_H = 132;
// Column labels lean to the upper right: room for the last one.
const RIGHT_PAD = 110;

function columnTitle(c: MatrixColumn): string {
  return `${c.label}, ${formatDate(c.date, c.datePrecision)}`;
}

/**
 * Actors (rows) by sources in date order (columns): one square per coded stance, in the label's colour with
 * its glyph, so it reads without colour too. Drawn as plain SVG: recharts has no matrix chart.
 */
export function StanceMatrixChart({ data, onSelect }: StanceMatrixChartProps) {
  const { columns, rows, cells } = data;
  const width = LABEL_W + columns.length * (CELL + GAP) + RIGHT_PAD;
  const height = HEADER_H + rows.length * (CELL + GAP) + 4;
  const byKey = new Map(cells.map((c) => [`${c.actor}|${c.column}`, c]));
  return (
    <div className="matrix-scroll">
      <svg
        xmlns="http://www.w3.org/2000/svg"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        className="matrix"
      >
        <title>{`Stance matrix: ${rows.length} actors by ${columns.length} sources`}</title>
        {columns.map((c, ci) => {
          const x = LABEL_W + ci * (CELL + GAP) + CELL / 2;
          return (
            <text
              key={c.key}
              transform={`translate(${x + 4}, ${HEADER_H - 8}) rotate(-50)`}
              className="matrix__col-label"
              fontSize={11}
              fill="#374151"
            >
              <title>{columnTitle(c)}</title>
              {c.label.length > 18 ? `${c.label.slice(0, 17)}…` : c.label} ·{" "}
              {formatDate(c.date, c.datePrecision).replace(/ \d{4}$/, "")}
            </text>
          );
        })}
        {rows.map((a, ri) => {
          const y = HEADER_H + ri * (CELL + GAP);
          return (
            <g key={a.code}>
              <rect x={0} y={y + 8} width={4} height={CELL - 16} fill={a.color} rx={2} />
              <text x={10} y={y + CELL / 2 + 4} fontSize={13} fill="#111827" fontWeight={600}>
                {a.name}
              </text>
              {columns.map((c, ci) => {
                const x = LABEL_W + ci * (CELL + GAP);
                const cell = byKey.get(`${a.code}|${c.key}`);
                if (!cell) {
                  return <rect key={c.key} x={x} y={y} width={CELL} height={CELL} rx={4} fill="#f3f2ee" />;
                }
                const style = STANCE_STYLE[cell.stance];
                const label = `${a.name}: ${style.label.toLowerCase()}${cell.mixed ? ` (${cell.support} support, ${cell.neutral} neutral, ${cell.condemn} condemn)` : cell.total > 1 ? ` (${cell.total} statements)` : ""}, ${columnTitle(c)}`;
                const select = () => onSelect?.(cell, c);
                return (
                  <ChartMark
                    key={c.key}
                    label={label}
                    onSelect={select}
                    data={{ "data-actor": a.code, "data-stance": cell.stance }}
                  >
                    <rect x={x} y={y} width={CELL} height={CELL} rx={4} fill={style.color} />
                    <text x={x + CELL / 2} y={y + CELL / 2 + 5} textAnchor="middle" fontSize={15} fill={style.onColor}>
                      {style.glyph}
                    </text>
                    {cell.mixed && <circle cx={x + CELL - 6} cy={y + 6} r={4} fill="#fff" stroke={style.color} />}
                    {cell.total > 1 && !cell.mixed && (
                      <text x={x + CELL - 4} y={y + 11} textAnchor="end" fontSize={9} fill={style.onColor}>
                        {cell.total}
                      </text>
                    )}
                  </ChartMark>
                );
              })}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

"use client";

import { CartesianGrid, Line, LineChart, ReferenceDot, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { ChartActor, ShiftMarker, TimelinePoint } from "@/components/charts/data";
import { formatDate } from "@/domain/dates";
import { ChartMark } from "./chart-mark";

export type NetStanceTimelineChartProps = {
  actors: ChartActor[];
  points: TimelinePoint[];
  /** "day" or "month": how the points are grouped. */
  grouping: string;
  onSelect?: (actor: string, point: TimelinePoint) => void;
  /** Stance shifts, drawn as diamonds on the actor's line (filled when reviewed, hollow when not); the change is the mark's title. */
  shifts?: ShiftMarker[];
  onSelectShift?: (id: string) => void;
  /** A fixed width in pixels (exports); without it the chart fills its container. */
  width?: number;
};

export const TIMELINE_HEIGHT = 300;

type DotProps = { cx?: number | null; cy?: number | null; payload?: TimelinePoint; dataKey?: unknown; value?: unknown };

const NET_TICKS = [-1, -0.5, 0, 0.5, 1];
const netLabel = (v: number) => (v === 1 ? "+1 support" : v === -1 ? "−1 condemn" : v === 0 ? "0 neutral" : String(v));

/** Each actor's net score (support +1, neutral 0, condemn −1, averaged) over time, one line per actor. */
export function NetStanceTimelineChart({
  actors,
  points,
  grouping,
  onSelect,
  shifts = [],
  onSelectShift,
  width,
}: NetStanceTimelineChartProps) {
  const colorOf = new Map(actors.map((a) => [a.code, a.color]));
  const precision = grouping === "month" ? "month" : "day";
  const times = points.map((p) => p.time);
  const span = Math.max(...times) - Math.min(...times);
  const pad = Math.max(span * 0.04, 86_400_000 * 2);
  return (
    <LineChart
      data={points}
      {...(width
        ? { width, height: TIMELINE_HEIGHT }
        : { responsive: true, style: { width: "100%", height: TIMELINE_HEIGHT } })}
      margin={{ top: 12, right: 24, bottom: 8, left: 8 }}
    >
      <CartesianGrid stroke="#ecebe7" />
      <XAxis
        dataKey="time"
        type="number"
        scale="time"
        domain={[Math.min(...times) - pad, Math.max(...times) + pad]}
        tickFormatter={(t: number) => formatDate(new Date(t).toISOString().slice(0, 10), precision)}
        tick={{ fontSize: 12 }}
        tickCount={6}
      />
      <YAxis domain={[-1.12, 1.12]} ticks={NET_TICKS} tickFormatter={netLabel} width={92} tick={{ fontSize: 12 }} />
      <ReferenceLine y={0} stroke="#9ca3af" />
      <Tooltip
        labelFormatter={(t) => formatDate(new Date(Number(t)).toISOString().slice(0, 10), precision)}
        formatter={(_v, name, item) => {
          // The plotted value carries a small dodge; the tooltip gives the true net score.
          const code = String(item.dataKey ?? "").replace(/__y$/, "");
          const net = (item.payload as TimelinePoint | undefined)?.[code];
          return [typeof net === "number" ? `${net > 0 ? "+" : ""}${net.toFixed(2)}` : "–", name];
        }}
      />
      {actors.map((a) => (
        <Line
          key={a.code}
          dataKey={`${a.code}__y`}
          name={a.name}
          stroke={a.color}
          strokeWidth={2}
          connectNulls
          isAnimationActive={false}
          activeDot={false}
          dot={(props: DotProps) => {
            const { cx, cy, payload } = props;
            if (cx == null || cy == null || !payload || payload[a.code] == null)
              return <g key={`${a.code}-none-${payload?.key}`} />;
            const net = Number(payload[a.code]);
            const n = Number(payload[`${a.code}__n`] ?? 0);
            const label = `${a.name}, ${formatDate(payload.date, precision === "month" ? "month" : payload.precision)}: net ${net > 0 ? "+" : ""}${net} from ${n} statement${n === 1 ? "" : "s"}`;
            const select = () => onSelect?.(a.code, payload);
            return (
              <ChartMark
                key={`${a.code}-${payload.key}`}
                label={label}
                onSelect={select}
                data={{ "data-actor": a.code }}
              >
                <circle cx={cx} cy={cy} r={9} fill="transparent" />
                <circle cx={cx} cy={cy} r={5} fill="#fff" stroke={a.color} strokeWidth={2.5} />
              </ChartMark>
            );
          }}
        />
      ))}
      {shifts.map((m) => (
        <ReferenceDot
          key={m.id}
          x={m.time}
          y={m.y}
          ifOverflow="extendDomain"
          shape={({ cx, cy }) => (
            <ChartMark
              label={m.label}
              onSelect={() => onSelectShift?.(m.id)}
              data={{
                "data-shift": m.id,
                "data-shift-actor": m.actor,
                "data-shift-reviewed": m.reviewed ? "true" : "false",
              }}
            >
              <path
                d={`M ${cx} ${(cy ?? 0) - 10} L ${(cx ?? 0) + 10} ${cy} L ${cx} ${(cy ?? 0) + 10} L ${(cx ?? 0) - 10} ${cy} Z`}
                fill={m.reviewed ? (colorOf.get(m.actor) ?? "#444") : "#fff"}
                stroke={colorOf.get(m.actor) ?? "#444"}
                strokeWidth={2.5}
              />
            </ChartMark>
          )}
        />
      ))}
    </LineChart>
  );
}

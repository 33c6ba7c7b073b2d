"use client";

import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, XAxis, YAxis } from "recharts";
import type { DistributionRow } from "@/components/charts/data";
import { STANCE_STYLE } from "@/components/charts/style";
import type { Stance } from "@/domain/labels";
import { ChartMark } from "./chart-mark";

export type StanceDistributionChartProps = {
  rows: DistributionRow[];
  onSelect?: (actor: string, stance: Stance) => void;
  /** A fixed width in pixels (exports); without it the chart fills its container. */
  width?: number;
};

const ORDER: Stance[] = ["support", "neutral", "condemn"];

type ShapeProps = { x?: number; y?: number; width?: number; height?: number; payload?: DistributionRow };

export const distributionHeight = (rows: number) => 40 + rows * 38;

/** A stacked bar per actor: support, neutral and condemn counts, each segment labelled with glyph and count. */
export function StanceDistributionChart({ rows, onSelect, width }: StanceDistributionChartProps) {
  const height = distributionHeight(rows.length);
  return (
    <BarChart
      data={rows}
      layout="vertical"
      {...(width ? { width, height } : { responsive: true, style: { width: "100%", height } })}
      margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
      barCategoryGap={8}
    >
      <CartesianGrid horizontal={false} stroke="#ecebe7" />
      <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
      <YAxis type="category" dataKey="name" width={118} tick={{ fontSize: 13, fill: "#111827" }} />
      <Tooltip cursor={{ fill: "rgba(0,0,0,0.04)" }} />
      {ORDER.map((stance) => {
        const style = STANCE_STYLE[stance];
        return (
          <Bar
            key={stance}
            dataKey={stance}
            name={style.label}
            stackId="stances"
            fill={style.color}
            isAnimationActive={false}
            shape={(props: ShapeProps) => {
              const { x = 0, y = 0, width = 0, height: h = 0, payload } = props;
              if (!payload || width <= 0) return <g />;
              const n = payload[stance];
              const label = `${payload.name}: ${n} ${style.label.toLowerCase()}`;
              const select = () => onSelect?.(payload.actor, stance);
              return (
                <ChartMark
                  label={label}
                  onSelect={select}
                  data={{ "data-actor": payload.actor, "data-stance": stance }}
                >
                  <rect x={x} y={y} width={width} height={h} fill={style.color} />
                </ChartMark>
              );
            }}
          >
            <LabelList
              dataKey={stance}
              position="center"
              fill={style.onColor}
              fontSize={12}
              formatter={(v: unknown) => (typeof v === "number" && v > 0 ? `${style.glyph} ${v}` : "")}
            />
          </Bar>
        );
      })}
    </BarChart>
  );
}

import type { Alignment, SummaryItem } from "../../contracts/responses";
import { formatDate } from "../../domain/dates";
import type { ReviewStatus, Stance } from "../../domain/labels";
import { meetsStanding } from "../../domain/shifts";
import { netScore, type StanceCounts } from "../../domain/stance";

/** Pure shaping of API payloads into what each chart draws; the charts themselves only draw. */

export type ChartActor = { code: string; name: string; color: string };

export type MatrixColumn = {
  key: string;
  label: string;
  date: string;
  datePrecision: "day" | "month";
  reportId: number | null;
};

export type MatrixCell = StanceCounts & {
  actor: string;
  column: string;
  /** The label the cell shows: support or condemn outweighs neutral, the larger of the two when both occur. */
  stance: Stance;
  mixed: boolean;
  total: number;
};

export type MatrixData = { columns: MatrixColumn[]; rows: ChartActor[]; cells: MatrixCell[] };

export function dominantStance(c: StanceCounts): Stance {
  if (c.support === 0 && c.condemn === 0) return "neutral";
  return c.support >= c.condemn ? "support" : "condemn";
}

export function buildMatrix(items: readonly SummaryItem[], actors: readonly ChartActor[]): MatrixData {
  const columns = new Map<string, MatrixColumn>();
  const cells: MatrixCell[] = [];
  for (const i of items) {
    if (!columns.has(i.key)) {
      columns.set(i.key, {
        key: i.key,
        label: i.label,
        date: i.date,
        datePrecision: i.datePrecision,
        reportId: i.reportId,
      });
    }
    const nonZero = [i.support, i.neutral, i.condemn].filter((n) => n > 0).length;
    cells.push({
      actor: i.actor,
      column: i.key,
      support: i.support,
      neutral: i.neutral,
      condemn: i.condemn,
      total: i.total,
      stance: dominantStance(i),
      mixed: nonZero > 1,
    });
  }
  const sorted = [...columns.values()].sort((a, b) => a.date.localeCompare(b.date) || a.label.localeCompare(b.label));
  const present = new Set(items.map((i) => i.actor));
  return { columns: sorted, rows: actors.filter((a) => present.has(a.code)), cells };
}

export type DistributionRow = StanceCounts & { actor: string; name: string; total: number };

export function buildDistribution(items: readonly SummaryItem[], actors: readonly ChartActor[]): DistributionRow[] {
  return actors
    .map((a) => {
      const mine = items.filter((i) => i.actor === a.code);
      const sum = (k: keyof StanceCounts) => mine.reduce((n, i) => n + i[k], 0);
      const row = {
        actor: a.code,
        name: a.name,
        support: sum("support"),
        neutral: sum("neutral"),
        condemn: sum("condemn"),
      };
      return { ...row, total: row.support + row.neutral + row.condemn };
    })
    .filter((r) => r.total > 0);
}

export type TimelinePoint = {
  key: string;
  date: string;
  precision: "day" | "month";
  time: number;
  label: string;
} & Record<string, number | string | null>;

/**
 * Lines that share a value would hide each other (four actors condemning on the same day): each actor's line
 * is drawn a hair above or below its true value. Tooltips and labels always give the true value.
 */
export const TIMELINE_DODGE = 0.035;

export function dodgeOffset(index: number, count: number): number {
  return (index - (count - 1) / 2) * TIMELINE_DODGE;
}

/**
 * One row per date group: for each actor its net score (`TR`), the plotted value with its dodge (`TR__y`)
 * and the number of statements (`TR__n`); actors without codings that day are null.
 */
export function buildTimeline(items: readonly SummaryItem[], actors: readonly ChartActor[]): TimelinePoint[] {
  const offsets = new Map(actors.map((a, i) => [a.code, dodgeOffset(i, actors.length)]));
  const rows = new Map<string, TimelinePoint>();
  for (const i of items) {
    let row = rows.get(i.key);
    if (!row) {
      row = {
        key: i.key,
        date: i.date,
        precision: i.datePrecision,
        time: Date.parse(`${i.date}T00:00:00Z`),
        label: i.label,
      };
      for (const a of actors) {
        row[a.code] = null;
        row[`${a.code}__y`] = null;
      }
      rows.set(i.key, row);
    }
    const net = netScore(i);
    row[i.actor] = net;
    row[`${i.actor}__y`] = net === null ? null : net + (offsets.get(i.actor) ?? 0);
    row[`${i.actor}__n`] = i.total;
  }
  return [...rows.values()].sort((a, b) => a.time - b.time);
}

export type AlignmentCell = {
  a: string;
  b: string;
  share: number | null;
  reports: number;
  same: number;
  reportIds: number[];
};

/** A symmetric grid: every ordered pair of the selected actors, from the API's unordered pairs. */
export function buildAlignmentGrid(alignment: Alignment): { actors: string[]; cells: AlignmentCell[] } {
  const cells: AlignmentCell[] = [];
  for (const p of alignment.items) {
    cells.push(p, { ...p, a: p.b, b: p.a });
  }
  return { actors: alignment.actors, cells };
}

export type ShiftMarker = {
  id: string;
  actor: string;
  time: number;
  /** On the actor's line, with its dodge, so the marker sits on the point it explains. */
  y: number;
  label: string;
  /** Both of its codings confirmed or corrected by an analyst (drawn filled; an unreviewed one hollow). */
  reviewed: boolean;
};

/**
 * Places each shift on the timeline point where it happened: the actor's point at the change's date (its
 * month when the timeline is grouped by month). A shift with no point drawn (filtered out) gets no marker.
 */
export function placeShiftMarkers(
  points: readonly TimelinePoint[],
  shifts: readonly {
    id: string;
    actor: string;
    actorName: string;
    from: Stance;
    to: Stance;
    toDate: string;
    toDatePrecision: "day" | "month";
    evidence: {
      before: { status: ReviewStatus; confidence: number };
      after: { status: ReviewStatus; confidence: number };
    };
  }[],
  grouping: string,
): ShiftMarker[] {
  const byKey = new Map(points.map((p) => [p.key, p]));
  const out: ShiftMarker[] = [];
  for (const s of shifts) {
    const point = byKey.get(grouping === "month" ? s.toDate.slice(0, 7) : s.toDate);
    const y = point?.[`${s.actor}__y`];
    if (!point || typeof y !== "number") continue;
    const reviewed = meetsStanding(s, { reviewed: true });
    out.push({
      id: s.id,
      actor: s.actor,
      time: point.time,
      y,
      reviewed,
      label: `${s.actorName}: shift from ${s.from} to ${s.to}, ${formatDate(s.toDate, grouping === "month" ? "month" : s.toDatePrecision)}${reviewed ? ", reviewed" : ", not reviewed yet"}`,
    });
  }
  return out;
}

import type { ReactNode } from "react";
import type { StanceItem } from "@/db/queries/stances";
import { STANCE_STYLE } from "@/lib/stance-style";

type Props = { body: string; codings: StanceItem[]; colors: Record<string, string> };

type Segment = { start: number; end: number; covering: StanceItem[] };

/** Cuts the body at every evidence boundary; each piece knows which codings cover it. */
export function segmentBody(body: string, codings: readonly StanceItem[]): Segment[] {
  const cuts = new Set([0, body.length]);
  for (const c of codings) {
    cuts.add(Math.max(0, Math.min(body.length, c.evidenceStart)));
    cuts.add(Math.max(0, Math.min(body.length, c.evidenceEnd)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i] as number;
    const end = points[i + 1] as number;
    segments.push({ start, end, covering: codings.filter((c) => c.evidenceStart <= start && c.evidenceEnd >= end) });
  }
  return segments;
}

/** Stripes of the actors' colours under the text, so a sentence shared by three actors shows all three. */
function underline(colors: string[]): string {
  const step = 100 / colors.length;
  const stops = colors.map((c, i) => `${c} ${i * step}% ${(i + 1) * step}%`).join(", ");
  return `linear-gradient(to right, ${stops})`;
}

/**
 * The report's text with each evidence sentence highlighted in its actor's colour, built from the offsets
 * as React elements: the text is never parsed as HTML.
 */
export function HighlightedBody({ body, codings, colors }: Props) {
  const anchored = new Set<number>();
  const nodes: ReactNode[] = segmentBody(body, codings).map((seg) => {
    const text = body.slice(seg.start, seg.end);
    if (seg.covering.length === 0) return <span key={seg.start}>{text}</span>;
    const actors = [...new Set(seg.covering.map((c) => c.actor))];
    const label = seg.covering.map((c) => `${c.actorName}: ${STANCE_STYLE[c.stance].label.toLowerCase()}`).join("; ");
    const anchors = seg.covering.filter((c) => !anchored.has(c.id) && c.evidenceStart === seg.start);
    for (const c of anchors) anchored.add(c.id);
    return (
      <mark
        key={seg.start}
        className="evidence-mark"
        data-actors={actors.join(" ")}
        title={label}
        style={{
          backgroundImage: `${underline(actors.map((a) => colors[a] ?? "#999"))}, linear-gradient(${colors[actors[0] ?? ""] ?? "#999"}22, ${colors[actors[0] ?? ""] ?? "#999"}22)`,
        }}
      >
        {anchors.map((c) => (
          <span key={c.id} id={`evidence-${c.id}`} className="evidence-anchor" />
        ))}
        {text}
      </mark>
    );
  });
  return <div className="report-text">{nodes}</div>;
}

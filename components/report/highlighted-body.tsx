import type { ReactNode } from "react";
import { STANCE_STYLE } from "@/components/charts/style";
import type { StanceItem } from "@/contracts/responses";

/** What a highlight needs of a coding: stored ones and the Add report page's preview statements alike. */
export type HighlightCoding = Pick<
  StanceItem,
  "id" | "actor" | "actorName" | "stance" | "evidenceStart" | "evidenceEnd"
>;

type Props = {
  body: string;
  codings: readonly HighlightCoding[];
  colors: Record<string, string>;
  /** A span to show as selected (the sentence an analyst is about to code). */
  selection?: { start: number; end: number } | null;
};

/** A pseudo-coding that marks the analyst's selection; no stored or previewed coding has a negative id. */
const SELECTION = { id: -1, actor: "", actorName: "", stance: "neutral" } as const;

type Segment<C> = { start: number; end: number; covering: C[] };

/** Cuts the body at every evidence boundary; each piece knows which codings cover it. */
export function segmentBody<C extends Pick<HighlightCoding, "evidenceStart" | "evidenceEnd">>(
  body: string,
  codings: readonly C[],
): Segment<C>[] {
  const cuts = new Set([0, body.length]);
  for (const c of codings) {
    cuts.add(Math.max(0, Math.min(body.length, c.evidenceStart)));
    cuts.add(Math.max(0, Math.min(body.length, c.evidenceEnd)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment<C>[] = [];
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
export function HighlightedBody({ body, codings, colors, selection }: Props) {
  const anchored = new Set<number>();
  const cuts: HighlightCoding[] = selection
    ? [...codings, { ...SELECTION, evidenceStart: selection.start, evidenceEnd: selection.end }]
    : [...codings];
  const nodes: ReactNode[] = segmentBody(body, cuts).map((seg) => {
    const text = body.slice(seg.start, seg.end);
    const selected = seg.covering.some((c) => c.id === SELECTION.id);
    const covering = seg.covering.filter((c) => c.id !== SELECTION.id);
    if (covering.length === 0) {
      return (
        <span key={seg.start} className={selected ? "text-selection" : undefined}>
          {text}
        </span>
      );
    }
    const actors = [...new Set(covering.map((c) => c.actor))];
    const label = covering.map((c) => `${c.actorName}: ${STANCE_STYLE[c.stance].label.toLowerCase()}`).join("; ");
    const anchors = covering.filter((c) => !anchored.has(c.id) && c.evidenceStart === seg.start);
    for (const c of anchors) anchored.add(c.id);
    const first = colors[actors[0] ?? ""] ?? "#999";
    return (
      <mark
        key={seg.start}
        className={selected ? "evidence-mark text-selection" : "evidence-mark"}
        data-actors={actors.join(" ")}
        title={label}
        style={{
          backgroundImage: `${underline(actors.map((a) => colors[a] ?? "#999"))}, linear-gradient(${first}22, ${first}22)`,
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

import type { KeyboardEvent, ReactNode } from "react";

type ChartMarkProps = {
  /** Read out by screen readers and shown as the browser tooltip. */
  label: string;
  onSelect?: () => void;
  /** data-* attributes that name what the mark stands for (actor, stance, …). */
  data: Record<`data-${string}`, string | undefined>;
  children: ReactNode;
};

/**
 * A clickable SVG mark: an SVG group cannot be a <button>, so it takes the button role,
 * a tab stop and Enter/Space, and its <title> is its accessible name.
 */
export function ChartMark({ label, onSelect, data, children }: ChartMarkProps) {
  const onKeyDown = (e: KeyboardEvent<SVGGElement>) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      onSelect?.();
    }
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG mark cannot be a <button>; it gets the role and keys
    <g role="button" tabIndex={0} className="mark" onClick={onSelect} onKeyDown={onKeyDown} {...data}>
      <title>{label}</title>
      {children}
    </g>
  );
}

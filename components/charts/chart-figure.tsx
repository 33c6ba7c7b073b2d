import type { ReactNode } from "react";

export type ChartState =
  | { status: "loading" }
  | { status: "error"; message: string; retry: () => void }
  | { status: "empty"; message: string }
  | { status: "ready" };

type Props = {
  id: string;
  title: string;
  subtitle?: ReactNode;
  legend?: ReactNode;
  state: ChartState;
  /** New data is on its way while the previous data stays on screen. */
  refreshing?: boolean;
  actions?: ReactNode;
  skeleton?: "matrix" | "bars" | "lines" | "grid";
  children?: ReactNode;
};

/** Every chart's frame: a figure with its caption, legend, and loading, empty and error states. */
export function ChartFigure({
  id,
  title,
  subtitle,
  legend,
  state,
  refreshing,
  actions,
  skeleton = "bars",
  children,
}: Props) {
  return (
    <figure className="chart" id={`chart-${id}`} data-chart={id} aria-busy={state.status === "loading" || refreshing}>
      <figcaption className="chart__caption">
        <div>
          <span className="chart__title" id={`chart-${id}-title`}>
            {title}
          </span>
          {subtitle && <span className="chart__subtitle">{subtitle}</span>}
        </div>
        {actions && <div className="chart__actions">{actions}</div>}
      </figcaption>
      <div className={`chart__body${refreshing ? " chart__body--refreshing" : ""}`}>
        {state.status === "loading" && <ChartSkeleton kind={skeleton} />}
        {state.status === "error" && (
          <div className="chart__state chart__state--error" role="alert">
            <p>This chart could not be loaded: {state.message}</p>
            <button type="button" className="button button--small" onClick={state.retry}>
              Try again
            </button>
          </div>
        )}
        {state.status === "empty" && (
          <div className="chart__state chart__state--empty" data-empty="true">
            <p>{state.message}</p>
          </div>
        )}
        {state.status === "ready" && children}
      </div>
      {legend && state.status === "ready" && <div className="chart__legend">{legend}</div>}
    </figure>
  );
}

/** Placeholders shaped like the chart that is coming. */
export function ChartSkeleton({ kind }: { kind: "matrix" | "bars" | "lines" | "grid" }) {
  const rows = kind === "lines" ? 1 : 6;
  return (
    <div className={`skeleton skeleton--${kind}`} role="status">
      <span className="visually-hidden">Loading chart</span>
      {Array.from({ length: rows }, (_, r) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
        <div key={r} className="skeleton__row">
          <span className="skeleton__label" />
          <span className="skeleton__bar" style={{ width: `${40 + ((r * 37) % 55)}%` }} />
        </div>
      ))}
    </div>
  );
}

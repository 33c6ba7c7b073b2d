import type { ActorItem } from "@/db/queries/actors";
import type { StanceItem } from "@/db/queries/stances";
import type { Stance } from "@/db/schema/enums";
import { formatDate } from "@/lib/dates";
import { STANCE_STYLE } from "@/lib/stance-style";
import { StanceBadge } from "../ui/stance-badge";

export type ActorStanceCardProps = {
  actor: Pick<ActorItem, "code" | "name">;
  color: string;
  overall: Stance | null;
  statements: StanceItem[];
};

function sourceLine(s: StanceItem): string {
  const report = `${s.reportOutlet}, ${formatDate(s.reportPublishedOn, s.reportPublishedPrecision)}`;
  return s.citedSource ? `${s.citedSource.outlet}, ${formatDate(s.citedSource.date)} · cited in ${report}` : report;
}

/** One actor's position on the topic: its overall label, how it moved, and every statement with its evidence. */
export function ActorStanceCard({ actor, color, overall, statements }: ActorStanceCardProps) {
  // The labels in date order with repeats collapsed: how the actor moved.
  const path = statements.filter((s, i) => i === 0 || s.stance !== statements[i - 1]?.stance);
  return (
    <article className="actor-card" aria-labelledby={`actor-${actor.code}`} style={{ borderTopColor: color }}>
      <header className="actor-card__head">
        <h2 id={`actor-${actor.code}`}>
          {actor.name} <span className="actor-card__code">{actor.code}</span>
        </h2>
        {overall ? <StanceBadge stance={overall} size="lg" /> : <span className="muted">Not coded</span>}
      </header>
      {path.length > 1 && (
        <p className="actor-card__path">
          Moved{" "}
          {path.map((s, i) => (
            <span key={s.id}>
              {i > 0 && " → "}
              <strong style={{ color: STANCE_STYLE[s.stance].color }}>
                {STANCE_STYLE[s.stance].label.toLowerCase()}
              </strong>
            </span>
          ))}
        </p>
      )}
      {statements.length === 0 ? (
        <p className="muted">No statement by {actor.name} on this topic in the reports so far.</p>
      ) : (
        <ol className="statement-list">
          {statements.map((s) => (
            <li key={s.id} className="statement">
              <div className="statement__meta">
                <StanceBadge stance={s.stance} size="sm" />
                <time dateTime={s.statementDate}>{formatDate(s.statementDate, s.statementDatePrecision)}</time>
              </div>
              <blockquote className="statement__evidence" style={{ borderLeftColor: STANCE_STYLE[s.stance].color }}>
                {s.evidence}
              </blockquote>
              <p className="statement__source">
                {sourceLine(s)}
                {" · "}
                {s.reportUrl ? (
                  <a href={s.reportUrl} rel="noopener noreferrer" target="_blank">
                    {s.reportTitle}
                  </a>
                ) : (
                  s.reportTitle
                )}
              </p>
              <p className="statement__coder">
                Confidence {Math.round(s.confidence * 100)}% · {s.status} · {s.coder}
              </p>
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}

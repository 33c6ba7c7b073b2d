import type { CodingExplanation as Explanation } from "@/contracts/responses";

const TARGETS: Record<string, string> = {
  acting: "aimed at the acting party",
  opponent: "aimed at its opponent",
  both: "aimed at both sides",
  none: "no party named",
};

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() ? value : null;
}

/** Why the coder chose the label: the alias that named the actor, the cue, what it was aimed at, the rule. */
export function CodingExplanation({ explanation }: { explanation: Explanation | null | undefined }) {
  if (!explanation) return null;
  const alias = text(explanation.alias);
  const aliasKind = text(explanation.aliasKind);
  const cue = text(explanation.cue);
  const target = text(explanation.target);
  const rule = text(explanation.rule);
  const modifiers = Array.isArray(explanation.modifiers)
    ? explanation.modifiers.filter((m): m is string => typeof m === "string" && m.length > 0)
    : [];
  if (!alias && !cue && !rule) return null;
  return (
    <dl className="explanation" aria-label="Why the coder chose this">
      {alias && (
        <div>
          <dt>Actor named by</dt>
          <dd>
            “{alias}”{aliasKind && <span className="muted"> ({aliasKind})</span>}
          </dd>
        </div>
      )}
      {cue && (
        <div>
          <dt>Cue</dt>
          <dd>
            “{cue}”{target && TARGETS[target] && <span className="muted"> · {TARGETS[target]}</span>}
          </dd>
        </div>
      )}
      {rule && (
        <div>
          <dt>Rule</dt>
          <dd>{rule}</dd>
        </div>
      )}
      {modifiers.length > 0 && (
        <div>
          <dt>Confidence lowered by</dt>
          <dd>{modifiers.join(", ")}</dd>
        </div>
      )}
    </dl>
  );
}

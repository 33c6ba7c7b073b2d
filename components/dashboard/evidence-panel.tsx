"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import type { Selection } from "@/browser/selection";
import { formatDate } from "@/domain/dates";
import { useStances } from "@/hooks/use-stances";
import { StanceBadge } from "../ui/stance-badge";

type Props = { selection: Selection | null; actorColors: ReadonlyMap<string, string>; onClose: () => void };

/** The codings behind the clicked mark: every quote, its source and a link to the report. */
export function EvidencePanel({ selection, actorColors, onClose }: Props) {
  const query = useStances(selection?.filters ?? null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!selection) return;
    heading.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [selection, onClose]);

  if (!selection) return null;
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <aside className="evidence" aria-labelledby="evidence-title" data-testid="evidence-panel">
      <header className="evidence__head">
        <div>
          <p className="eyebrow">Evidence</p>
          <h2 id="evidence-title" ref={heading} tabIndex={-1}>
            {selection.title}
          </h2>
        </div>
        <button type="button" className="button button--ghost" onClick={onClose} aria-label="Close evidence">
          ✕
        </button>
      </header>
      {query.isLoading && (
        <p className="muted" role="status">
          Loading the statements…
        </p>
      )}
      {query.isError && (
        <p role="alert" className="evidence__error">
          The statements could not be loaded: {query.error.message}
        </p>
      )}
      {query.data && items.length === 0 && <p className="muted">No statements behind this mark any more.</p>}
      <ol className="evidence__list">
        {items.map((s) => (
          <li key={s.id} className="evidence__item" data-actor={s.actor}>
            <div className="evidence__meta">
              <span className="actor-chip" style={{ borderColor: actorColors.get(s.actor) ?? "#999" }}>
                {s.actorName}
              </span>
              <StanceBadge stance={s.stance} size="sm" />
              <time dateTime={s.statementDate}>{formatDate(s.statementDate, s.statementDatePrecision)}</time>
            </div>
            <blockquote className="evidence__quote">{s.evidence}</blockquote>
            <p className="evidence__source">
              {s.citedSource ? (
                <>
                  Cited source: <strong>{s.citedSource.outlet}</strong>,{" "}
                  {formatDate(s.citedSource.date, s.citedSource.precision)}
                  {" · in "}
                </>
              ) : (
                "In "
              )}
              <Link href={`/reports/${s.reportId}#coding-${s.id}`}>{s.reportTitle}</Link> ({s.reportOutlet},{" "}
              {formatDate(s.reportPublishedOn, s.reportPublishedPrecision)})
            </p>
            <p className="evidence__coder">
              Confidence {Math.round(s.confidence * 100)}% · {s.status} · coded by {s.coder}
              {s.note && <span className="evidence__note"> · {s.note}</span>}
            </p>
          </li>
        ))}
      </ol>
      {query.hasNextPage && (
        <button
          type="button"
          className="button button--ghost"
          onClick={() => void query.fetchNextPage()}
          disabled={query.isFetchingNextPage}
        >
          {query.isFetchingNextPage ? "Loading…" : "Show more statements"}
        </button>
      )}
    </aside>
  );
}

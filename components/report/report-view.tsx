"use client";

import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { type Span, sentenceSpan, trimSpan } from "@/browser/text-span";
import { actorColor } from "@/components/charts/style";
import { formatDate } from "@/domain/dates";
import { useActors } from "@/hooks/use-reference-data";
import { useReport } from "@/hooks/use-report";
import { AddCodingForm } from "./add-coding-form";
import { CodingCard } from "./coding-card";
import { HighlightedBody } from "./highlighted-body";

type Props = { reportId: number; signedIn: boolean; justAdded?: boolean };

/**
 * UTF-16 offsets of the browser's selection inside `container`, whose text is exactly the report body. A
 * selection that runs past the text (a drag that ends in the margin) is cut at the text's edge.
 */
function selectionOffsets(container: HTMLElement): Span | null {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const whole = document.createRange();
  whole.selectNodeContents(container);
  // Entirely before or after the text: nothing of it is selected.
  if (range.compareBoundaryPoints(Range.END_TO_START, whole) >= 0) return null;
  if (range.compareBoundaryPoints(Range.START_TO_END, whole) <= 0) return null;
  const clipped = range.cloneRange();
  if (range.compareBoundaryPoints(Range.START_TO_START, whole) < 0) clipped.setStart(container, 0);
  if (range.compareBoundaryPoints(Range.END_TO_END, whole) > 0) clipped.setEnd(container, container.childNodes.length);
  const before = document.createRange();
  before.selectNodeContents(container);
  before.setEnd(clipped.startContainer, clipped.startOffset);
  const start = before.toString().length;
  const end = start + clipped.toString().length;
  return end > start ? { start, end } : null;
}

/**
 * The report page: the text with every evidence sentence highlighted, and its codings. Signed in, an analyst
 * confirms, corrects or rejects each coding, or selects a sentence to add the coding the coder missed.
 */
export function ReportView({ reportId, signedIn, justAdded = false }: Props) {
  const query = useReport(reportId);
  const actorsQuery = useActors();
  const bodyRef = useRef<HTMLDivElement>(null);
  const [picked, setPicked] = useState<Span | null>(null);
  const [wholeSentence, setWholeSentence] = useState(true);

  const report = query.data;
  const actors = actorsQuery.data?.items ?? [];
  const colors = useMemo(() => Object.fromEntries(actors.map((a, i) => [a.code, actorColor(a, i)])), [actors]);

  const span = useMemo(() => {
    if (!report || !picked) return null;
    return wholeSentence ? sentenceSpan(report.body, picked, report.language) : trimSpan(report.body, picked);
  }, [report, picked, wholeSentence]);
  const spanText = report && span ? report.body.slice(span.start, span.end) : null;

  // A selection counts when the pointer or a key that began in the text lets go (mouse and keyboard alike,
  // and a drag that ends outside it). It is then cleared: the page marks the pick itself, and React redrawing
  // the text under a live selection would move its ends and make a later read wrong.
  useEffect(() => {
    if (!signedIn) return;
    let began = false;
    const start = (e: Event) => {
      began = e.target instanceof Node && Boolean(bodyRef.current?.contains(e.target));
    };
    const end = () => {
      if (!began || !bodyRef.current) return;
      began = false;
      const offsets = selectionOffsets(bodyRef.current);
      if (!offsets) return;
      setPicked(offsets);
      window.getSelection()?.removeAllRanges();
    };
    document.addEventListener("mousedown", start);
    document.addEventListener("keydown", start);
    document.addEventListener("mouseup", end);
    document.addEventListener("keyup", end);
    return () => {
      document.removeEventListener("mousedown", start);
      document.removeEventListener("keydown", start);
      document.removeEventListener("mouseup", end);
      document.removeEventListener("keyup", end);
    };
  }, [signedIn]);

  if (!report) {
    return query.isError ? (
      <p role="alert" className="form-error">
        The report could not be loaded: {query.error.message}
      </p>
    ) : (
      <p className="muted" role="status">
        Loading the report…
      </p>
    );
  }
  const visible = report.codings.filter((c) => c.status !== "rejected");
  const rejected = report.codings.length - visible.length;

  return (
    <article className="report">
      <p className="eyebrow">
        <Link href="/">Dashboard</Link> · Report
      </p>
      <h1>{report.title}</h1>
      <p className="report__meta">
        {report.outlet} · {formatDate(report.publishedOn, report.publishedPrecision)} · topic{" "}
        <Link href={`/?topic=${report.topicSlug}`}>{report.topicSlug}</Link>
        {report.url && (
          <>
            {" · "}
            <a href={report.url} rel="noopener noreferrer" target="_blank">
              Original
            </a>
          </>
        )}
        {report.source && (
          <>
            {" · "}
            <span data-testid="report-source">
              From source: <Link href={`/sources#source-${report.source.id}`}>{report.source.name}</Link>
            </span>
          </>
        )}
      </p>
      {justAdded && (
        <p className="notice" role="status">
          Saved and coded: the coder found {report.codings.length} statement{report.codings.length === 1 ? "" : "s"}.
          Review them below.
        </p>
      )}
      <p className="report__hint" data-testid="review-hint">
        {signedIn ? (
          "Select a sentence in the text to add a coding the coder missed; review each coding on the right."
        ) : (
          <>
            <Link href={`/sign-in?next=/reports/${report.id}`}>Sign in</Link> to confirm, correct or reject codings.
          </>
        )}
      </p>
      <div className="report__layout">
        <section aria-label="Report text" className="report__body">
          <div ref={bodyRef} data-testid="report-text">
            <HighlightedBody body={report.body} codings={visible} colors={colors} selection={signedIn ? span : null} />
          </div>
        </section>
        <section aria-labelledby="codings-title" className="report__codings">
          {signedIn && span && spanText && (
            <AddCodingForm
              key={`${span.start}-${span.end}`}
              reportId={report.id}
              actors={actors}
              citedSources={report.citedSources}
              span={span}
              text={spanText}
              wholeSentence={wholeSentence}
              onWholeSentence={setWholeSentence}
              onDone={() => setPicked(null)}
            />
          )}
          <h2 id="codings-title">
            {report.codings.length} coding{report.codings.length === 1 ? "" : "s"}
            {rejected > 0 && <span className="muted"> ({rejected} rejected)</span>}
            {query.isError && (
              <span role="alert" className="field__error">
                {" "}
                · could not refresh: {query.error.message}
              </span>
            )}
            {query.isFetching && (
              <span className="muted" role="status">
                {" "}
                · updating…
              </span>
            )}
          </h2>
          {report.codings.length === 0 && (
            <p className="muted">
              No statement in this report has been coded.
              {signedIn ? " Select a sentence to add a coding." : ""}
            </p>
          )}
          <ol className="evidence__list">
            {report.codings.map((c) => (
              <CodingCard
                key={c.id}
                coding={c}
                color={colors[c.actor] ?? "#999"}
                citedSources={report.citedSources}
                selection={span}
                selectionText={spanText}
                canReview={signedIn}
                onReviewed={() => setPicked(null)}
              />
            ))}
          </ol>
          {report.citedSources.length > 0 && (
            <details className="report__citations">
              <summary>
                {report.citedSources.length} inline citation{report.citedSources.length === 1 ? "" : "s"}
              </summary>
              <ul>
                {report.citedSources.map((c) => (
                  <li key={c.id}>
                    {c.outlet}, {formatDate(c.date, c.precision)}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </section>
      </div>
    </article>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { HighlightedBody } from "@/components/report/highlighted-body";
import { StanceBadge } from "@/components/ui/stance-badge";
import { getDb } from "@/db/client";
import { listActors } from "@/db/queries/actors";
import { getReport } from "@/db/queries/reports";
import { formatDate } from "@/lib/dates";
import { ApiError } from "@/lib/http";
import { actorColor } from "@/lib/stance-style";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

async function load(idParam: string) {
  if (!/^\d{1,9}$/.test(idParam)) notFound();
  const db = await getDb();
  try {
    return await getReport(db, Number(idParam));
  } catch (error) {
    if (error instanceof ApiError && error.code === "not_found") notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const report = await load(id);
  return { title: report.title };
}

export default async function ReportPage({ params }: Props) {
  const report = await load((await params).id);
  const actors = await listActors(await getDb());
  const colors = Object.fromEntries(actors.map((a, i) => [a.code, actorColor(a, i)]));
  const visible = report.codings.filter((c) => c.status !== "rejected");
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
      </p>
      <div className="report__layout">
        <section aria-label="Report text" className="report__body">
          <HighlightedBody body={report.body} codings={visible} colors={colors} />
        </section>
        <section aria-labelledby="codings-title" className="report__codings">
          <h2 id="codings-title">
            {report.codings.length} coding{report.codings.length === 1 ? "" : "s"}
          </h2>
          {report.codings.length === 0 && <p className="muted">No statement in this report has been coded.</p>}
          <ol className="evidence__list">
            {report.codings.map((c) => (
              <li
                key={c.id}
                id={`coding-${c.id}`}
                className={`evidence__item${c.status === "rejected" ? " evidence__item--rejected" : ""}`}
              >
                <div className="evidence__meta">
                  <span className="actor-chip" style={{ borderColor: colors[c.actor] ?? "#999" }}>
                    {c.actorName}
                  </span>
                  <StanceBadge stance={c.stance} size="sm" />
                  <time dateTime={c.statementDate}>{formatDate(c.statementDate, c.statementDatePrecision)}</time>
                </div>
                <blockquote className="evidence__quote" style={{ borderLeftColor: colors[c.actor] ?? "#999" }}>
                  <a href={`#evidence-${c.id}`}>{c.evidence}</a>
                </blockquote>
                <p className="evidence__source">
                  {c.citedSource
                    ? `Cited source: ${c.citedSource.outlet}, ${formatDate(c.citedSource.date, c.citedSource.precision)}`
                    : "No cited source: dated by the report or the coder"}
                </p>
                <p className="evidence__coder">
                  Confidence {Math.round(c.confidence * 100)}% · {c.status} · coded by {c.coder}
                  {c.note && <span className="evidence__note"> · {c.note}</span>}
                </p>
              </li>
            ))}
          </ol>
          {report.citedSources.length > 0 && (
            <details className="report__citations">
              <summary>{report.citedSources.length} inline citations</summary>
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

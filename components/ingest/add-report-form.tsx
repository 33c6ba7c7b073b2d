"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useId, useState } from "react";
import { ApiClientError, type NewReportInput } from "@/browser/api-client";
import { fieldIssues } from "@/browser/form-issues";
import { actorColor } from "@/components/charts/style";
import { LanguageOptions, TopicOptions } from "@/components/ui/select-options";
import type { ReportPreview } from "@/contracts/responses";
import { formatDate } from "@/domain/dates";
import { useActors, useTopics } from "@/hooks/use-reference-data";
import { useCreateReport, usePreviewReport } from "@/hooks/use-review";
import { CodingExplanation } from "../report/coding-explanation";
import { type HighlightCoding, HighlightedBody } from "../report/highlighted-body";
import { FormError } from "../ui/form-error";
import { StanceBadge } from "../ui/stance-badge";
import { NewTopicFields } from "./new-topic-fields";

/** The languages the coder has cue lexicons for; others are coded with the English cues only. */
type Draft = {
  title: string;
  outlet: string;
  publishedOn: string;
  url: string;
  language: string;
  topic: string;
  text: string;
};

const EMPTY: Draft = { title: "", outlet: "", publishedOn: "", url: "", language: "en", topic: "", text: "" };

function toInput(d: Draft): NewReportInput {
  return {
    title: d.title,
    outlet: d.outlet,
    publishedOn: d.publishedOn.trim(),
    url: d.url.trim() || null,
    language: d.language,
    topic: d.topic,
    text: d.text,
  };
}

/**
 * Paste a report and its metadata, preview what the coder finds (the evidence highlighted, each statement
 * explained), then save: the report is stored and coded in one transaction.
 */
export function AddReportForm() {
  const id = useId();
  const router = useRouter();
  const topics = useTopics().data?.items ?? [];
  const actors = useActors().data?.items ?? [];
  const [draft, setDraft] = useState<Draft>(() => ({ ...EMPTY, topic: topics[0]?.slug ?? "" }));
  const preview = usePreviewReport();
  const create = useCreateReport();
  // A preview is of the text as it was sent; editing afterwards makes it stale.
  const [previewed, setPreviewed] = useState<string | null>(null);

  const set = (key: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));
  const lastError = create.error ?? preview.error;
  const issues = fieldIssues<keyof Draft>(lastError, EMPTY);
  const duplicateOf =
    create.error instanceof ApiClientError && create.error.status === 409
      ? Number(create.error.details.reportId)
      : null;
  const stale = previewed !== null && previewed !== JSON.stringify(toInput(draft));

  const runPreview = () => {
    create.reset();
    const input = toInput(draft);
    preview.mutate(input, { onSuccess: () => setPreviewed(JSON.stringify(input)) });
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    preview.reset();
    setPreviewed(null);
    create.mutate(toInput(draft), { onSuccess: (report) => router.push(`/reports/${report.id}?added=1`) });
  };

  const field = (key: keyof Draft, label: string, input: ReactNode, hint?: string) => (
    <div className={`field field--${key}`}>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      {input}
      {issues[key] ? (
        <span id={`${id}-${key}-error`} className="field__error">
          {issues[key]}
        </span>
      ) : (
        hint && <span className="field__hint">{hint}</span>
      )}
    </div>
  );
  const common = (key: keyof Draft) => ({
    id: `${id}-${key}`,
    value: draft[key],
    onChange: set(key),
    "aria-invalid": issues[key] ? true : undefined,
    "aria-describedby": issues[key] ? `${id}-${key}-error` : undefined,
  });

  return (
    <div className="add-report">
      <form className="add-report__form" onSubmit={save} aria-label="New report">
        <div className="add-report__grid">
          {field("title", "Title", <input {...common("title")} required maxLength={500} />)}
          {field("outlet", "Outlet", <input {...common("outlet")} required maxLength={200} placeholder="Reuters" />)}
          {field(
            "publishedOn",
            "Published",
            <input {...common("publishedOn")} required placeholder="YYYY-MM-DD" inputMode="numeric" />,
            "YYYY-MM-DD, or YYYY-MM when only the month is known",
          )}
          {field(
            "language",
            "Language",
            <select {...common("language")}>
              <LanguageOptions />
            </select>,
          )}
          {field(
            "topic",
            "Topic",
            <select {...common("topic")} required>
              <TopicOptions topics={topics} />
            </select>,
            topics.length === 0
              ? "No topic yet: create one below"
              : "The action whose support or condemnation is coded",
          )}
          {field("url", "URL", <input {...common("url")} type="url" placeholder="https://…" />, "Optional")}
        </div>
        <NewTopicFields onCreated={(slug) => setDraft((d) => ({ ...d, topic: slug }))} />
        {field(
          "text",
          "Text",
          <textarea
            {...common("text")}
            required
            rows={14}
            placeholder="Paste the report's text; separate paragraphs with a blank line."
          />,
          `${draft.text.length.toLocaleString("en")} characters (up to 1 MB)`,
        )}
        <FormError error={lastError} />
        {duplicateOf !== null && Number.isFinite(duplicateOf) && (
          <p className="form-error">
            <Link href={`/reports/${duplicateOf}`}>Open the stored report #{duplicateOf}</Link>
          </p>
        )}
        <div className="review-actions">
          <button
            type="button"
            className="button button--ghost"
            onClick={runPreview}
            disabled={preview.isPending || create.isPending}
          >
            {preview.isPending ? "Coding…" : "Preview codings"}
          </button>
          <button type="submit" className="button" disabled={create.isPending}>
            {create.isPending ? "Saving…" : "Save report"}
          </button>
        </div>
      </form>
      {preview.data && <PreviewPanel preview={preview.data} actors={actors} stale={stale} />}
    </div>
  );
}

function PreviewPanel({
  preview,
  actors,
  stale,
}: {
  preview: ReportPreview;
  actors: readonly { code: string; name: string; color: string | null }[];
  stale: boolean;
}) {
  const names = new Map(actors.map((a) => [a.code, a.name]));
  const colors = Object.fromEntries(actors.map((a, i) => [a.code, actorColor(a, i)]));
  const marks: HighlightCoding[] = preview.statements.map((s, i) => ({
    id: i,
    actor: s.actor,
    actorName: names.get(s.actor) ?? s.actor,
    stance: s.stance,
    evidenceStart: s.evidenceStart,
    evidenceEnd: s.evidenceEnd,
  }));
  return (
    <section className="preview" aria-labelledby="preview-title" data-testid="preview">
      <h2 id="preview-title">
        Preview: {preview.statements.length} statement{preview.statements.length === 1 ? "" : "s"} found
      </h2>
      {stale && (
        <p className="field__hint" role="status">
          The form changed since this preview: preview again to see the codings of the text as it is now.
        </p>
      )}
      {preview.reportStances.length > 0 ? (
        <ul className="preview__stances" aria-label="Report-level stances">
          {preview.reportStances.map((r) => (
            <li key={r.actor}>
              <span className="actor-chip" style={{ borderColor: colors[r.actor] ?? "#999" }}>
                {names.get(r.actor) ?? r.actor}
              </span>
              <StanceBadge stance={r.stance} size="sm" />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">
          The coder found no actor's position in this text. You can still save it and add codings by hand on the report
          page.
        </p>
      )}
      <div className="report__layout">
        <div className="report__body">
          <HighlightedBody body={preview.text} codings={marks} colors={colors} />
        </div>
        <ol className="evidence__list">
          {preview.statements.map((s, i) => (
            <li key={`${s.actor}-${s.evidenceStart}`} className="evidence__item" data-actor={s.actor}>
              <div className="evidence__meta">
                <span className="actor-chip" style={{ borderColor: colors[s.actor] ?? "#999" }}>
                  {names.get(s.actor) ?? s.actor}
                </span>
                <StanceBadge stance={s.stance} size="sm" />
                <time dateTime={s.statementDate}>{formatDate(s.statementDate, s.statementDatePrecision)}</time>
              </div>
              <blockquote className="evidence__quote" style={{ borderLeftColor: colors[s.actor] ?? "#999" }}>
                <a href={`#evidence-${i}`}>{s.evidence}</a>
              </blockquote>
              <p className="evidence__coder">
                Confidence {Math.round(s.confidence * 100)}%
                {s.citation !== null && preview.citations[s.citation] && (
                  <> · cites {preview.citations[s.citation]?.outlet}</>
                )}
              </p>
              <CodingExplanation explanation={s.explanation} />
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}

"use client";

import { type FormEvent, type ReactNode, useId, useState } from "react";
import { fieldIssues } from "@/browser/form-issues";
import { LanguageOptions, TopicOptions } from "@/components/ui/select-options";
import {
  DEFAULT_INTERVAL_MINUTES,
  MAX_INTERVAL_MINUTES,
  type NewSourceBody,
  type SourcePreview,
  type SourcePreviewItem,
} from "@/contracts/sources";
import { useTopics } from "@/hooks/use-reference-data";
import { useCreateSource, usePreviewSource } from "@/hooks/use-sources";
import { FormError } from "../ui/form-error";
import { when } from "./source-time";

type Draft = {
  url: string;
  name: string;
  topic: string;
  /** "": detected per article. */
  language: string;
  /** Comma-separated, as typed. */
  match: string;
  intervalMinutes: string;
};

const EMPTY: Draft = {
  url: "",
  name: "",
  topic: "",
  language: "",
  match: "",
  intervalMinutes: String(DEFAULT_INTERVAL_MINUTES),
};

const matchTerms = (typed: string) =>
  typed
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);

function toBody(d: Draft): NewSourceBody {
  const terms = matchTerms(d.match);
  const interval = d.intervalMinutes.trim();
  return {
    url: d.url.trim(),
    name: d.name.trim(),
    topic: d.topic,
    ...(d.language ? { language: d.language } : {}),
    ...(terms.length > 0 ? { match: terms } : {}),
    // Sent as typed (a number or not): the server's message says what is wrong with it.
    ...(interval ? { intervalMinutes: Number(interval) } : {}),
  };
}

/** What a preview depends on: a preview of another address, topic or terms is out of date. */
const previewKey = (d: Draft) => JSON.stringify([d.url.trim(), d.topic, matchTerms(d.match)]);

/**
 * A feed to follow: its address, the outlet its reports are stored under, their topic. Preview reads the feed's
 * latest items and says which would become reports; Add source stores it (the server fetches the feed once and
 * refuses an address that is not a feed).
 */
export function AddSourceForm() {
  const id = useId();
  const topics = useTopics().data?.items ?? [];
  const [draft, setDraft] = useState<Draft>(() => ({ ...EMPTY, topic: topics[0]?.slug ?? "" }));
  const preview = usePreviewSource();
  const create = useCreateSource();
  const [previewed, setPreviewed] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  const busy = preview.isPending || create.isPending;
  const lastError = create.error ?? preview.error;
  const issues = fieldIssues<keyof Draft>(lastError, EMPTY);
  const stale = previewed !== null && previewed !== previewKey(draft);
  // Before the topics arrive, the first one is picked as soon as there is one.
  const topic = draft.topic || topics[0]?.slug || "";
  const current = { ...draft, topic };

  const set = (key: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, topic: d.topic || topic, [key]: e.target.value }));

  const runPreview = () => {
    create.reset();
    setAdded(null);
    const { url, topic: t, match } = toBody(current);
    preview.mutate(
      { url, topic: t, ...(match ? { match } : {}) },
      { onSuccess: () => setPreviewed(previewKey(current)) },
    );
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    preview.reset();
    setPreviewed(null);
    setAdded(null);
    create.mutate(toBody(current), {
      onSuccess: (source) => {
        setAdded(
          `Added ${source.name}: it is polled every ${source.intervalMinutes} minute${source.intervalMinutes === 1 ? "" : "s"}. Poll now reads it at once.`,
        );
        setDraft({ ...EMPTY, topic });
      },
    });
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
        hint && (
          <span id={`${id}-${key}-hint`} className="field__hint">
            {hint}
          </span>
        )
      )}
    </div>
  );
  const common = (key: keyof Draft, hint = false) => ({
    id: `${id}-${key}`,
    value: current[key],
    onChange: set(key),
    "aria-invalid": issues[key] ? true : undefined,
    "aria-describedby": issues[key] ? `${id}-${key}-error` : hint ? `${id}-${key}-hint` : undefined,
  });

  return (
    <div className="add-source">
      <form className="add-report__form" onSubmit={submit} aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} className="sources__heading">
          Add source
        </h2>
        <div className="add-report__grid">
          {field(
            "url",
            "Feed URL",
            <input
              {...common("url", true)}
              type="url"
              required
              maxLength={2000}
              placeholder="https://www.example.gov/press/rss.xml"
            />,
            "The address of an RSS, Atom or JSON feed",
          )}
          {field(
            "name",
            "Name",
            <input {...common("name", true)} required maxLength={200} placeholder="French foreign ministry" />,
            "The outlet its reports are stored under",
          )}
          {field(
            "topic",
            "Topic",
            <select {...common("topic")} required>
              <TopicOptions topics={topics} />
            </select>,
          )}
          {field(
            "language",
            "Language",
            <select {...common("language")}>
              <option value="">Detect per article</option>
              <LanguageOptions />
            </select>,
          )}
          {field(
            "match",
            "Match terms",
            <input {...common("match", true)} placeholder="Karabakh, Nagorno, Stepanakert" />,
            "Optional, comma-separated. Without terms, an item must name one of the topic's parties",
          )}
          {field(
            "intervalMinutes",
            "Interval (minutes)",
            <input
              {...common("intervalMinutes", true)}
              type="number"
              min={1}
              max={MAX_INTERVAL_MINUTES}
              step={1}
              inputMode="numeric"
            />,
            "How often the feed is read; after failures it waits longer",
          )}
        </div>
        <FormError error={lastError} />
        {added && (
          <p className="notice" role="status">
            {added}
          </p>
        )}
        <div className="review-actions">
          <button
            type="button"
            className="button button--ghost"
            onClick={runPreview}
            disabled={busy || current.url.trim() === "" || topic === ""}
          >
            {preview.isPending ? "Reading the feed…" : "Preview"}
          </button>
          <button type="submit" className="button" disabled={busy}>
            {create.isPending ? "Adding…" : "Add source"}
          </button>
        </div>
      </form>
      {preview.data && <FeedPreview preview={preview.data} stale={stale} />}
    </div>
  );
}

/** A key per item: its link, or its title and date; a feed that repeats one gets a count after it. */
function withKeys(items: SourcePreviewItem[]) {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const base = item.link ?? `${item.title}@${item.publishedAt ?? ""}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { item, key: n === 0 ? base : `${base}#${n}` };
  });
}

const FORMATS: Record<SourcePreview["format"], string> = { rss: "RSS", atom: "Atom", json: "JSON Feed" };

/** The feed's latest items, each marked kept or left out with the reason, in words and not by colour alone. */
function FeedPreview({ preview, stale }: { preview: SourcePreview; stale: boolean }) {
  const kept = preview.items.filter((i) => i.kept).length;
  return (
    <section className="source-preview" aria-labelledby="source-preview-title" data-testid="source-preview">
      <h2 id="source-preview-title" className="sources__heading">
        Preview: {kept} of {preview.items.length} item{preview.items.length === 1 ? "" : "s"} would be added
      </h2>
      <p className="muted">
        {FORMATS[preview.format]} feed{preview.title ? `: ${preview.title}` : ""}. Nothing is stored until you add the
        source.
      </p>
      {stale && (
        <p className="field__hint" role="status">
          The address, topic or match terms changed since this preview: preview again to see what they would keep.
        </p>
      )}
      {preview.items.length === 0 ? (
        <p className="muted">The feed has no items at the moment.</p>
      ) : (
        <ol className="source-preview__list">
          {withKeys(preview.items).map(({ item, key }) => (
            <li key={key} className="source-preview__item" data-kept={item.kept}>
              <span className={`source-badge source-badge--${item.kept ? "ok" : "idle"}`}>
                <span aria-hidden="true">{item.kept ? "✓" : "–"}</span> {item.kept ? "Kept" : "Left out"}
              </span>
              <div className="source-preview__text">
                <p className="source-preview__title">
                  {item.link ? (
                    <a href={item.link} rel="noopener noreferrer" target="_blank">
                      {item.title || item.link}
                    </a>
                  ) : (
                    item.title || "(untitled)"
                  )}
                </p>
                <p className="source-preview__meta">
                  {item.publishedAt ? <time dateTime={item.publishedAt}>{when(item.publishedAt)}</time> : "no date"}
                  {!item.kept && item.reason && <> · {item.reason}</>}
                </p>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

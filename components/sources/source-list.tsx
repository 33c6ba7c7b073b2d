"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { BROKEN_AFTER_FAILURES, type PollResult, type SourceItem } from "@/contracts/sources";
import { useDeleteSource, usePollSource, useSources, useUpdateSource } from "@/hooks/use-sources";
import { FormError } from "../ui/form-error";
import { QueryState } from "../ui/query-state";
import { when } from "./source-time";

type State = "ok" | "error" | "paused" | "new";

const STATE: Record<State, { glyph: string; label: string; tone: string }> = {
  ok: { glyph: "✓", label: "ok", tone: "ok" },
  error: { glyph: "!", label: "error", tone: "error" },
  paused: { glyph: "‖", label: "paused", tone: "idle" },
  new: { glyph: "…", label: "not polled yet", tone: "idle" },
};

const stateOf = (s: SourceItem): State => (!s.active ? "paused" : (s.lastStatus ?? "new"));

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** The sources followed, each with its health at a glance, its counts and its last error in full. */
export function SourceList() {
  const query = useSources();
  const items = query.data?.items ?? [];
  const loaded = query.data !== undefined;
  const scrolled = useRef(false);
  // A report's "From source" link names its source in the hash; the list arrives after the page, so the browser
  // could not scroll to it on its own.
  useEffect(() => {
    if (!loaded || scrolled.current) return;
    scrolled.current = true;
    const hash = window.location.hash;
    if (/^#source-\d+$/.test(hash)) document.getElementById(hash.slice(1))?.scrollIntoView({ block: "start" });
  }, [loaded]);
  const broken = items.filter((s) => s.broken).length;
  return (
    <section className="sources__list" aria-labelledby="sources-list-title">
      <h2 id="sources-list-title" className="sources__heading">
        {query.data ? `${count(items.length, "source")} followed` : "Sources followed"}
        {broken > 0 && <span className="sources__broken-count"> · {broken} broken</span>}
      </h2>
      <QueryState what="the sources" loading={query.isLoading} error={query.data ? null : query.error} />
      {query.data && query.isError && (
        <p role="alert" className="field__error">
          The list could not be refreshed: {query.error.message}
        </p>
      )}
      {query.data && items.length === 0 && (
        <div className="sources__empty" data-testid="sources-empty">
          <p>
            <strong>No source yet.</strong> A source is the feed (RSS, Atom or JSON Feed) of a foreign ministry, a head
            of government or an outlet. Stancewatch reads it on a schedule, and each new article that names one of the
            topic&apos;s parties, or one of your match terms, becomes a report of that topic, coded as it arrives, so a
            shift is seen within minutes.
          </p>
          <p>
            Paste the feed&apos;s address in the form above, <strong>Preview</strong> it to see which of its latest
            items would be kept, then <strong>Add source</strong>. The foreign ministries of the default actors can be
            added at once with <code>npm run sources -- add --preset foreign-ministries --topic &lt;slug&gt;</code>.
          </p>
        </div>
      )}
      {items.length > 0 && (
        <ul className="source-list">
          {items.map((s) => (
            <SourceRow key={s.id} source={s} />
          ))}
        </ul>
      )}
    </section>
  );
}

function StateBadge({ state }: { state: State }) {
  const style = STATE[state];
  return (
    <span className={`source-badge source-badge--${style.tone}`} data-testid="source-state">
      <span aria-hidden="true">{style.glyph}</span> {style.label}
    </span>
  );
}

function SourceRow({ source: s }: { source: SourceItem }) {
  const poll = usePollSource();
  const update = useUpdateSource();
  const remove = useDeleteSource();
  const busy = poll.isPending || update.isPending || remove.isPending;
  const state = stateOf(s);
  const headingId = `source-${s.id}-name`;
  return (
    <li id={`source-${s.id}`} className="source" data-source={s.id} data-state={state}>
      <article aria-labelledby={headingId}>
        <div className="source__head">
          <div className="source__title">
            <h3 id={headingId}>{s.name}</h3>
            <StateBadge state={state} />
            {s.broken && (
              <span className="source-badge source-badge--broken" data-testid="source-broken">
                <span aria-hidden="true">✕</span> broken
              </span>
            )}
          </div>
          <div className="review-actions source__actions">
            <button
              type="button"
              className="button button--small"
              disabled={busy}
              onClick={() => {
                update.reset();
                remove.reset();
                poll.mutate(s.id);
              }}
            >
              {poll.isPending ? "Polling…" : "Poll now"}
            </button>
            <button
              type="button"
              className="button button--small button--ghost"
              disabled={busy}
              onClick={() => {
                poll.reset();
                remove.reset();
                update.mutate({ id: s.id, active: !s.active });
              }}
            >
              {s.active ? "Pause" : "Resume"}
            </button>
            <button
              type="button"
              className="button button--small button--danger"
              disabled={busy}
              onClick={() => {
                const question = `Delete the source ${s.name}? Its feed will no longer be read; the reports it added stay.`;
                if (!window.confirm(question)) return;
                poll.reset();
                update.reset();
                remove.mutate(s.id);
              }}
            >
              Delete
            </button>
          </div>
        </div>
        <code className="source__url">{s.url}</code>
        <p className="source__standing">
          Topic <Link href={`/?topic=${encodeURIComponent(s.topic)}`}>{s.topic}</Link> · {languageOf(s)} · keeps items
          naming {s.match?.length ? s.match.join(", ") : "one of the topic's parties"} · every{" "}
          {count(s.intervalMinutes, "minute")}
        </p>
        <dl className="source__facts">
          <div>
            <dt>Last poll</dt>
            <dd data-testid="source-last-poll">
              {s.lastPolledAt ? <time dateTime={s.lastPolledAt}>{when(s.lastPolledAt)}</time> : "never"}
            </dd>
          </div>
          <div>
            <dt>Next poll</dt>
            <dd>
              {s.nextPollAt ? <time dateTime={s.nextPollAt}>{when(s.nextPollAt)}</time> : s.active ? "soon" : "paused"}
            </dd>
          </div>
          <div>
            <dt>Items seen</dt>
            <dd data-testid="source-seen">{s.itemsSeen.toLocaleString("en")}</dd>
          </div>
          <div>
            <dt>Reports added</dt>
            <dd data-testid="source-added">{s.reportsAdded.toLocaleString("en")}</dd>
          </div>
          <div>
            <dt>Skipped</dt>
            <dd data-testid="source-skipped">{s.itemsSkipped.toLocaleString("en")}</dd>
          </div>
        </dl>
        {s.consecutiveFailures > 0 && (
          <p className="source__failures">
            {count(s.consecutiveFailures, "failure")} in a row
            {s.broken ? (
              <>
                : broken since the {ordinal(BROKEN_AFTER_FAILURES)}, and the webhooks were sent{" "}
                <code>source.failed</code>. The poller keeps trying, waiting longer each time.
              </>
            ) : (
              "; polls wait longer after each one."
            )}
          </p>
        )}
        {s.lastError && (
          <div className="source__error" data-testid="source-error">
            <p className="source__error-label">Last error</p>
            <pre>{s.lastError}</pre>
          </div>
        )}
        {poll.data && <PollNotice result={poll.data} feedFailed={s.lastStatus === "error"} />}
        <FormError error={poll.error ?? update.error ?? remove.error} />
      </article>
    </li>
  );
}

function languageOf(s: SourceItem): string {
  if (!s.language) return "language detected per article";
  const name = new Intl.DisplayNames(["en"], { type: "language" }).of(s.language);
  return `in ${name && name !== s.language ? `${name} (${s.language})` : s.language}`;
}

const ordinal = (n: number) => (n === 1 ? "first" : n === 2 ? "second" : n === 3 ? "third" : `${n}th`);

/**
 * What Poll now did. A feed that could not be read answers like an empty poll; the list, re-read before this shows,
 * says it failed.
 */
function PollNotice({ result, feedFailed }: { result: PollResult; feedFailed: boolean }) {
  if (feedFailed) {
    return (
      <p className="form-error source__poll" role="status" data-testid="poll-result">
        Polled: the feed could not be read. The last error above says why.
      </p>
    );
  }
  return (
    <p className="notice source__poll" role="status" data-testid="poll-result">
      Polled: {result.added} added, {result.duplicates} already stored, {result.skipped} skipped
      {result.failed > 0 ? `, ${result.failed} could not be read` : ""}.
    </p>
  );
}

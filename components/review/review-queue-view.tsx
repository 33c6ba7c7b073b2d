"use client";

import Link from "next/link";
import { type FormEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { ApiClientError, type ReviewInput } from "@/browser/api-client";
import { correctionOf } from "@/browser/review-form";
import { actorColor } from "@/components/charts/style";
import { parseReviewFilters } from "@/contracts/filters";
import type { ReviewQueueItem } from "@/contracts/responses";
import { dateAsTyped, formatDate } from "@/domain/dates";
import type { Stance } from "@/domain/labels";
import { useUrlFilters } from "@/hooks/use-dashboard-filters";
import { useActors, useTopics } from "@/hooks/use-reference-data";
import { useReviewCoding } from "@/hooks/use-review";
import { REVIEW_QUEUE_KEY, useQueueEditor, useRevertCoding, useReviewQueue } from "@/hooks/use-review-queue";
import { FilterBar } from "../filters/filter-bar";
import { ConfidenceField } from "../filters/standing-fields";
import { CodingExplanation } from "../report/coding-explanation";
import { FormActions, StanceField, StatementDateField } from "../report/review-fields";
import { FormError } from "../ui/form-error";
import { QueryState } from "../ui/query-state";
import { StanceBadge } from "../ui/stance-badge";

type Decision = "confirm" | "reject" | "correct";

/** A decision made here, kept so that U can take it back: the coding as it was shown, and the revision written. */
type Made = { item: ReviewQueueItem; action: Decision; revision: number | null };

const DONE_WORDS: Record<Decision, string> = { confirm: "Confirmed", reject: "Rejected", correct: "Corrected" };

/** Whether a key press belongs to a field being typed in, not to the queue. */
function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))
  );
}

/** Whether Space on this element is the element's own (a button, a link): then it is not a skip. */
function pressable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest("button, a, summary, [role=button]") !== null;
}

const isConflict = (e: unknown) => e instanceof ApiClientError && e.status === 409;

/**
 * The review queue: one automatic coding at a time, least confident first, decided from the keyboard (A confirm,
 * X reject, C correct, Space skip, U undo). Each decision is the report page's review (same request, same
 * revision); the next coding shows at once while it is saved.
 */
export function ReviewQueueView() {
  const { filters, update, setFilters } = useUrlFilters(parseReviewFilters);
  const actors = useActors().data?.items ?? [];
  const topics = useTopics().data?.items ?? [];
  const colors = useMemo(() => new Map(actors.map((a, i) => [a.code, actorColor(a, i)])), [actors]);
  const query = useReviewQueue(filters);
  const editor = useQueueEditor(filters);
  const review = useReviewCoding({ keep: REVIEW_QUEUE_KEY });
  const revert = useRevertCoding();
  const [skipped, setSkipped] = useState<ReadonlySet<number>>(new Set());
  const [made, setMade] = useState<Made[]>([]);
  const [correcting, setCorrecting] = useState(false);
  const [notice, setNotice] = useState<string>("");
  const [error, setError] = useState<Error | null>(null);
  // Set once the page is hydrated: the keys work from then on (tests wait for it).
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  const pages = query.data?.pages ?? [];
  const remaining = pages.at(-1)?.remaining ?? 0;
  const loaded = pages.flatMap((p) => p.items);
  const current = loaded.find((i) => !skipped.has(i.id));

  // Filters changed: a new queue, nothing skipped or undoable in it.
  const filterKey = JSON.stringify(filters);
  const lastKey = useRef(filterKey);
  useEffect(() => {
    if (lastKey.current === filterKey) return;
    lastKey.current = filterKey;
    setSkipped(new Set());
    setMade([]);
    setCorrecting(false);
    setNotice("");
  }, [filterKey]);

  // The loaded codings are all decided or skipped: fetch the next page, if the server has one.
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    if (!current && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [current, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const decide = useCallback(
    (item: ReviewQueueItem, action: Decision, body: ReviewInput) => {
      setError(null);
      setCorrecting(false);
      editor.take(item.id);
      const entry: Made = { item, action, revision: null };
      setMade((list) => [...list, entry]);
      setNotice(
        `${DONE_WORDS[action]}: ${item.actorName}, “${item.evidence.slice(0, 80)}${item.evidence.length > 80 ? "…" : ""}”`,
      );
      // One promise per decision: several can be in flight when the reviewer is quick.
      review.mutateAsync({ id: item.id, review: { ...body, expectedStatus: "auto" } }).then(
        (saved) => setMade((list) => list.map((m) => (m === entry ? { ...m, revision: saved.revision } : m))),
        (e: unknown) => {
          setMade((list) => list.filter((m) => m !== entry));
          setNotice("");
          setError(e instanceof Error ? e : new Error(String(e)));
          // Decided by someone else meanwhile: it stays out of the queue. Otherwise it comes back, unsaved.
          if (!isConflict(e)) editor.putBack(item);
        },
      );
    },
    [editor, review],
  );

  const skip = useCallback((item: ReviewQueueItem) => {
    setSkipped((s) => new Set(s).add(item.id));
    setNotice(`Skipped: ${item.actorName}. It stays in the queue.`);
  }, []);

  const undo = useCallback(() => {
    const last = made.at(-1);
    if (!last) {
      setNotice("Nothing to undo yet.");
      return;
    }
    if (last.revision === null) {
      setNotice("The last decision is still being saved: press U again in a moment.");
      return;
    }
    setError(null);
    revert.mutate(
      { id: last.item.id, revision: last.revision },
      {
        onSuccess: () => {
          setMade((list) => list.slice(0, -1));
          editor.putBack(last.item);
          setSkipped((s) => {
            const next = new Set(s);
            next.delete(last.item.id);
            return next;
          });
          setNotice(`Undone: ${last.item.actorName}'s coding is back to not reviewed.`);
        },
        onError: (e) => setError(e),
      },
    );
  }, [made, revert, editor]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // A held key repeats: one decision per press.
      if (e.repeat || e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || correcting) return;
      const key = e.key.toLowerCase();
      if (key === " " && pressable(e.target)) return;
      if (key === "u") {
        e.preventDefault();
        undo();
        return;
      }
      if (!current) return;
      if (key === "a") decide(current, "confirm", { action: "confirm" });
      else if (key === "x") decide(current, "reject", { action: "reject" });
      else if (key === "c") setCorrecting(true);
      else if (key === " ") skip(current);
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [current, correcting, decide, skip, undo]);

  const allSkipped = !current && !hasNextPage && loaded.length > 0;
  return (
    <div className="review-queue" data-ready={ready ? "true" : "false"}>
      <FilterBar
        filters={filters}
        onChange={update}
        onReset={() => setFilters({})}
        actors={actors}
        topics={topics}
        fields={["actor", "topic"]}
        countriesNoneHint="every actor"
        extraActive={filters.maxConfidence !== undefined}
      >
        <ConfidenceField
          name="maxConfidence"
          label="Coder confidence"
          anyLabel="Any confidence"
          value={filters.maxConfidence}
          onChange={(maxConfidence) => update({ maxConfidence })}
        />
      </FilterBar>

      <p className="review-queue__count">
        <strong data-testid="review-remaining">{remaining.toLocaleString("en")}</strong>{" "}
        {remaining === 1 ? "coding" : "codings"} left to review
        {skipped.size > 0 && <span className="muted"> · {skipped.size} skipped this session</span>}
      </p>

      <QueryState what="the review queue" loading={query.isLoading} error={query.error} />
      {query.data && remaining === 0 && !current && (
        <div className="empty-state" data-testid="review-empty">
          <h2>Nothing left to review</h2>
          <p className="muted">
            Every automatic coding under these filters has been confirmed, corrected or rejected. New reports add theirs
            here. <Link href="/shifts?reviewed=true">See the reviewed shifts</Link>.
          </p>
        </div>
      )}
      {allSkipped && remaining > 0 && (
        <div className="empty-state" data-testid="review-all-skipped">
          <h2>You skipped every coding left</h2>
          <p className="muted">They stay in the queue for later.</p>
          <button type="button" className="button" onClick={() => setSkipped(new Set())}>
            Start again from the least certain
          </button>
        </div>
      )}
      {!current && hasNextPage && <p className="muted">Loading more codings…</p>}

      {current && (
        <ReviewCard
          key={current.id}
          item={current}
          color={colors.get(current.actor) ?? "#444"}
          correcting={correcting}
          onDecide={(action, body) => decide(current, action, body)}
          onCorrect={() => setCorrecting(true)}
          onCancelCorrection={() => setCorrecting(false)}
          onSkip={() => skip(current)}
          onUndo={undo}
          canUndo={made.length > 0}
        />
      )}
      <FormError error={error} />
      <p className="review-queue__notice" role="status" data-testid="review-notice">
        {notice}
        {notice && made.length > 0 && !notice.startsWith("Undone") && <span className="muted"> · U to undo</span>}
      </p>
    </div>
  );
}

type CardProps = {
  item: ReviewQueueItem;
  color: string;
  correcting: boolean;
  onDecide: (action: Decision, body: ReviewInput) => void;
  onCorrect: () => void;
  onCancelCorrection: () => void;
  onSkip: () => void;
  onUndo: () => void;
  canUndo: boolean;
};

function Key({ children }: { children: string }) {
  return <kbd className="review-key">{children}</kbd>;
}

function ReviewCard({
  item,
  color,
  correcting,
  onDecide,
  onCorrect,
  onCancelCorrection,
  onSkip,
  onUndo,
  canUndo,
}: CardProps) {
  // Each coding is a new card: focus goes to its title, so the keys and a screen reader start from it.
  const heading = useRef<HTMLHeadingElement | null>(null);
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body || active.closest(".review-card")) {
      heading.current?.focus({ preventScroll: true });
    }
  }, []);
  return (
    <article
      className="review-card"
      data-coding={item.id}
      data-actor={item.actor}
      data-testid="review-card"
      aria-labelledby="review-title"
    >
      <header className="review-card__head">
        <span className="actor-chip" style={{ borderColor: color }}>
          {item.actorName}
        </span>
        <StanceBadge stance={item.stance} size="sm" />
        <span
          className="review-card__confidence"
          data-testid="review-confidence"
          title="The coder's confidence, calibrated on the development corpus (docs/coder.md); on a crisis it was not tuned on it runs high"
        >
          {Math.round(item.confidence * 100)}% confident
        </span>
        <time dateTime={item.statementDate}>
          statement of {formatDate(item.statementDate, item.statementDatePrecision)}
        </time>
      </header>
      <h2 id="review-title" className="review-card__title" tabIndex={-1} ref={heading}>
        <Link href={`/reports/${item.reportId}#coding-${item.id}`}>{item.reportTitle}</Link>
      </h2>
      <p className="muted review-card__source">
        {item.reportOutlet} · published {formatDate(item.reportPublishedOn, item.reportPublishedPrecision)}
        {item.citedSource &&
          ` · cites ${item.citedSource.outlet}, ${formatDate(item.citedSource.date, item.citedSource.precision)}`}
      </p>
      <blockquote className="review-card__context" style={{ borderLeftColor: color }}>
        {item.context.before && <span className="review-card__around">{item.context.before} </span>}
        <mark data-testid="review-evidence">{item.evidence}</mark>
        {item.context.after && <span className="review-card__around"> {item.context.after}</span>}
      </blockquote>
      <CodingExplanation explanation={item.explanation} />

      {correcting ? (
        <CorrectionForm item={item} onSubmit={(body) => onDecide("correct", body)} onCancel={onCancelCorrection} />
      ) : (
        <fieldset className="review-keys" aria-label="Decide">
          <button
            aria-keyshortcuts="a"
            type="button"
            className="button button--small"
            onClick={() => onDecide("confirm", { action: "confirm" })}
          >
            <Key>A</Key> Confirm
          </button>
          <button
            aria-keyshortcuts="x"
            type="button"
            className="button button--small button--danger"
            onClick={() => onDecide("reject", { action: "reject" })}
          >
            <Key>X</Key> Reject
          </button>
          <button
            aria-keyshortcuts="c"
            type="button"
            className="button button--small button--ghost"
            onClick={onCorrect}
          >
            <Key>C</Key> Correct…
          </button>
          <button
            aria-keyshortcuts="Space"
            type="button"
            className="button button--small button--ghost"
            onClick={onSkip}
          >
            <Key>Space</Key> Skip
          </button>
          <button
            aria-keyshortcuts="u"
            type="button"
            className="button button--small button--ghost"
            onClick={onUndo}
            disabled={!canUndo}
          >
            <Key>U</Key> Undo last
          </button>
        </fieldset>
      )}
    </article>
  );
}

/** C: change the stance, the date or the evidence (a passage of the text shown), then save as a correction. */
function CorrectionForm({
  item,
  onSubmit,
  onCancel,
}: {
  item: ReviewQueueItem;
  onSubmit: (body: ReviewInput) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [stance, setStance] = useState<Stance>(item.stance);
  const [date, setDate] = useState(dateAsTyped(item.statementDate, item.statementDatePrecision));
  const [evidence, setEvidence] = useState(item.evidence);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    document.getElementById(`${id}-stance`)?.focus();
  }, [id]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = correctionOf(item, { stance, date, evidence });
    if (typeof result === "string") setProblem(result);
    else onSubmit(result);
  };
  return (
    <form
      className="review-form"
      onSubmit={submit}
      aria-label="Correct this coding"
      onKeyDown={(e) => {
        if (e.key === "Escape") onCancel();
      }}
    >
      <div className="add-report__grid">
        <StanceField id={`${id}-stance`} value={stance} onChange={setStance} />
        <StatementDateField id={`${id}-date`} value={date} onChange={setDate} strict />
      </div>
      <div className="field">
        <label htmlFor={`${id}-evidence`}>Evidence (a passage of the text above)</label>
        <textarea id={`${id}-evidence`} rows={3} value={evidence} onChange={(e) => setEvidence(e.target.value)} />
      </div>
      {problem && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      <FormActions label="Save correction" pending={false} onCancel={onCancel} />
      <p className="muted">Esc cancels.</p>
    </form>
  );
}

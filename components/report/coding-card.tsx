"use client";

import { type FormEvent, useId, useState } from "react";
import type { ReviewInput } from "@/browser/api-client";
import type { Span } from "@/browser/text-span";
import type { ReportDetail, StanceItem } from "@/contracts/responses";
import { dateAsTyped, formatDate } from "@/domain/dates";
import type { Stance } from "@/domain/labels";
import { useReviewCoding } from "@/hooks/use-review";
import { useRevisions } from "@/hooks/use-revisions";
import { FormError } from "../ui/form-error";
import { StanceBadge } from "../ui/stance-badge";
import { CodingExplanation } from "./coding-explanation";
import { CitedSourceField, FormActions, NoteField, StanceField, StatementDateField } from "./review-fields";

type Props = {
  coding: StanceItem;
  color: string;
  citedSources: ReportDetail["citedSources"];
  /** The sentence selected in the text, which a correction may take as the new evidence. */
  selection: Span | null;
  selectionText: string | null;
  canReview: boolean;
  /** After a saved review (the page drops its selected sentence, which a correction may have used). */
  onReviewed?: () => void;
};

const STATUS_WORDS: Record<StanceItem["status"], string> = {
  auto: "not reviewed",
  confirmed: "confirmed",
  corrected: "corrected",
  rejected: "rejected",
};

const dateInput = (c: StanceItem) => dateAsTyped(c.statementDate, c.statementDatePrecision);

/** One coding of the report page, with an analyst's review controls when signed in. */
export function CodingCard({ coding: c, color, citedSources, selection, selectionText, canReview, onReviewed }: Props) {
  const [mode, setMode] = useState<"idle" | "correct" | "reject">("idle");
  const [historyOpen, setHistoryOpen] = useState(false);
  const review = useReviewCoding();
  const send = (body: ReviewInput) =>
    review.mutate(
      { id: c.id, review: body },
      {
        onSuccess: () => {
          setMode("idle");
          onReviewed?.();
        },
      },
    );

  return (
    <li
      id={`coding-${c.id}`}
      className={`evidence__item${c.status === "rejected" ? " evidence__item--rejected" : ""}`}
      data-actor={c.actor}
      data-coding={c.id}
      data-status={c.status}
    >
      <div className="evidence__meta">
        <span className="actor-chip" style={{ borderColor: color }}>
          {c.actorName}
        </span>
        <StanceBadge stance={c.stance} size="sm" />
        <time dateTime={c.statementDate}>{formatDate(c.statementDate, c.statementDatePrecision)}</time>
        <span className={`status-tag status-tag--${c.status}`}>{STATUS_WORDS[c.status]}</span>
      </div>
      <blockquote className="evidence__quote" style={{ borderLeftColor: color }}>
        {/* A rejected coding is not highlighted in the text, so there is nothing to jump to. */}
        {c.status === "rejected" ? c.evidence : <a href={`#evidence-${c.id}`}>{c.evidence}</a>}
      </blockquote>
      <p className="evidence__source">
        {c.citedSource
          ? `Cited source: ${c.citedSource.outlet}, ${formatDate(c.citedSource.date, c.citedSource.precision)}`
          : "No cited source: dated by the report or the coder"}
      </p>
      <p className="evidence__coder">
        Confidence {Math.round(c.confidence * 100)}% · coded by {c.coder}
        {c.note && <span className="evidence__note"> · {c.note}</span>}
      </p>
      <CodingExplanation explanation={c.explanation} />

      {canReview && mode === "idle" && (
        <fieldset className="review-actions">
          <legend className="visually-hidden">Review {c.actorName}&apos;s coding</legend>
          {(c.status === "auto" || c.status === "rejected") && (
            <button
              type="button"
              className="button button--small"
              disabled={review.isPending}
              onClick={() => send({ action: "confirm" })}
            >
              {c.status === "rejected" ? "Restore" : "Confirm"}
            </button>
          )}
          <button type="button" className="button button--small button--ghost" onClick={() => setMode("correct")}>
            Correct
          </button>
          {c.status !== "rejected" && (
            <button type="button" className="button button--small button--ghost" onClick={() => setMode("reject")}>
              Reject
            </button>
          )}
        </fieldset>
      )}
      {canReview && mode === "correct" && (
        <CorrectForm
          coding={c}
          citedSources={citedSources}
          selection={selection}
          selectionText={selectionText}
          pending={review.isPending}
          onSubmit={send}
          onCancel={() => {
            review.reset();
            setMode("idle");
          }}
        />
      )}
      {canReview && mode === "reject" && (
        <RejectForm
          pending={review.isPending}
          onSubmit={(note) => send({ action: "reject", ...(note ? { note } : {}) })}
          onCancel={() => {
            review.reset();
            setMode("idle");
          }}
        />
      )}
      <FormError error={review.error} />
      <details className="history" onToggle={(e) => setHistoryOpen(e.currentTarget.open)}>
        <summary>History</summary>
        {historyOpen && <History codingId={c.id} updatedAt={c.updatedAt} />}
      </details>
    </li>
  );
}

type CorrectProps = {
  coding: StanceItem;
  citedSources: ReportDetail["citedSources"];
  selection: Span | null;
  selectionText: string | null;
  pending: boolean;
  onSubmit: (body: ReviewInput) => void;
  onCancel: () => void;
};

function CorrectForm({ coding: c, citedSources, selection, selectionText, pending, onSubmit, onCancel }: CorrectProps) {
  const id = useId();
  const [stance, setStance] = useState<Stance>(c.stance);
  const [date, setDate] = useState(dateInput(c));
  const [cited, setCited] = useState(c.citedSourceId === null ? "" : String(c.citedSourceId));
  const [moveEvidence, setMoveEvidence] = useState(false);
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: ReviewInput = { action: "correct" };
    if (stance !== c.stance) body.stance = stance;
    const citedId = cited === "" ? null : Number(cited);
    if (citedId !== c.citedSourceId) body.citedSourceId = citedId;
    if (date.trim() !== dateInput(c)) body.statementDate = date.trim();
    if (moveEvidence && selection) {
      body.evidenceStart = selection.start;
      body.evidenceEnd = selection.end;
    }
    if (Object.keys(body).length === 1) {
      setProblem(
        "Change the stance, the date, the cited source or the evidence; to accept the coding as it is, use Confirm.",
      );
      return;
    }
    setProblem(null);
    if (note.trim()) body.note = note.trim();
    onSubmit(body);
  };

  return (
    <form className="review-form" onSubmit={submit} aria-label={`Correct ${c.actorName}'s coding`}>
      <StanceField id={`${id}-stance`} value={stance} onChange={setStance} />
      <CitedSourceField id={`${id}-cited`} value={cited} onChange={setCited} citedSources={citedSources} />
      <StatementDateField
        id={`${id}-date`}
        value={date}
        onChange={setDate}
        hint="A new cited source dates the statement unless you change this too."
      />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={moveEvidence && selection !== null}
          disabled={selection === null}
          onChange={(e) => setMoveEvidence(e.target.checked)}
        />
        {selection && selectionText
          ? `Use the selected text as evidence: “${selectionText.length > 90 ? `${selectionText.slice(0, 90)}…` : selectionText}”`
          : "To move the evidence, select the right sentence in the text first"}
      </label>
      <NoteField id={`${id}-note`} value={note} onChange={setNote} />
      {problem && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      <FormActions label="Save correction" pending={pending} onCancel={onCancel} />
    </form>
  );
}

function RejectForm({
  pending,
  onSubmit,
  onCancel,
}: {
  pending: boolean;
  onSubmit: (note: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [note, setNote] = useState("");
  return (
    <form
      className="review-form"
      aria-label="Reject the coding"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(note.trim());
      }}
    >
      <NoteField id={`${id}-note`} value={note} onChange={setNote} label="Why is it wrong? (note)" />
      <FormActions label="Reject coding" pending={pending} danger onCancel={onCancel} />
    </form>
  );
}

const ACTION_WORDS: Record<string, string> = {
  create: "added",
  confirm: "confirmed",
  correct: "corrected",
  reject: "rejected",
  revert: "undone",
};

function describeChange(oldValue: Record<string, unknown> | null, newValue: Record<string, unknown>): string {
  if (!oldValue) return `${String(newValue.stance ?? "")}`;
  const changes: string[] = [];
  for (const key of ["stance", "statementDate", "citedSourceId", "evidenceStart"] as const) {
    if (oldValue[key] !== newValue[key]) {
      if (key === "evidenceStart") changes.push("evidence moved");
      else if (key === "citedSourceId") changes.push("cited source changed");
      else
        changes.push(`${key === "statementDate" ? "date" : key} ${String(oldValue[key])} → ${String(newValue[key])}`);
    }
  }
  return changes.join(", ");
}

/** The coding's revision log, oldest first; refetched whenever the coding changes. */
function History({ codingId, updatedAt }: { codingId: number; updatedAt: string }) {
  const query = useRevisions(codingId);
  if (query.isLoading) return <p className="muted">Loading the history…</p>;
  if (query.isError) return <p role="alert">The history could not be loaded: {query.error.message}</p>;
  const items = query.data?.items ?? [];
  if (items.length === 0) {
    return <p className="muted">No review yet: as the coder left it (last change {formatTimestamp(updatedAt)}).</p>;
  }
  return (
    <ol className="history__list">
      {items.map((r) => {
        // Confirming or rejecting changes only the status, which the action already says.
        const change = r.action === "confirm" || r.action === "reject" ? "" : describeChange(r.oldValue, r.newValue);
        return (
          <li key={r.id}>
            <strong>{ACTION_WORDS[r.action] ?? r.action}</strong> by {r.changedBy}, {formatTimestamp(r.changedAt)}
            {change && <> · {change}</>}
            {r.note && <span className="muted"> · “{r.note}”</span>}
          </li>
        );
      })}
    </ol>
  );
}

function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

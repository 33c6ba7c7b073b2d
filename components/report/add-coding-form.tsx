"use client";

import { type FormEvent, useId, useState } from "react";
import type { Span } from "@/browser/text-span";
import type { ActorItem, ReportDetail } from "@/contracts/responses";
import type { Stance } from "@/domain/labels";
import { useAddCoding } from "@/hooks/use-review";
import { FormError } from "../ui/form-error";
import { CitedSourceField, FormActions, NoteField, StanceField } from "./review-fields";

type Props = {
  reportId: number;
  actors: readonly ActorItem[];
  citedSources: ReportDetail["citedSources"];
  span: Span;
  text: string;
  wholeSentence: boolean;
  onWholeSentence: (value: boolean) => void;
  onDone: () => void;
};

/** The coding the coder missed: the analyst picks actor and stance for the selected sentence. */
export function AddCodingForm({
  reportId,
  actors,
  citedSources,
  span,
  text,
  wholeSentence,
  onWholeSentence,
  onDone,
}: Props) {
  const id = useId();
  const add = useAddCoding();
  const [actor, setActor] = useState("");
  const [stance, setStance] = useState<Stance | "">("");
  const [note, setNote] = useState("");
  // The citation inside the selected sentence dates the statement, as the coder would date it.
  const inside = citedSources.find((s) => s.start >= span.start && s.end <= span.end + 2);
  const [cited, setCited] = useState<string | null>(null);
  const citedValue = cited ?? (inside ? String(inside.id) : "");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!actor || !stance) return;
    add.mutate(
      {
        reportId,
        actor,
        stance,
        evidenceStart: span.start,
        evidenceEnd: span.end,
        citedSourceId: citedValue === "" ? null : Number(citedValue),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
      { onSuccess: onDone },
    );
  };

  return (
    <form className="add-coding" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Add a coding</h2>
      <blockquote className="evidence__quote">{text}</blockquote>
      <label className="checkbox">
        <input type="checkbox" checked={wholeSentence} onChange={(e) => onWholeSentence(e.target.checked)} />
        Widen to the whole sentence
      </label>
      <div className="add-coding__fields">
        <div className="field">
          <label htmlFor={`${id}-actor`}>Actor</label>
          <select id={`${id}-actor`} value={actor} onChange={(e) => setActor(e.target.value)} required>
            <option value="">Choose…</option>
            {actors.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name} ({a.code})
              </option>
            ))}
          </select>
        </div>
        <StanceField id={`${id}-stance`} value={stance} onChange={setStance} placeholder="Choose…" />
        <CitedSourceField id={`${id}-cited`} value={citedValue} onChange={setCited} citedSources={citedSources} />
      </div>
      <NoteField id={`${id}-note`} value={note} onChange={setNote} />
      <FormError error={add.error} />
      <FormActions
        label="Add coding"
        pendingLabel="Adding…"
        pending={add.isPending}
        disabled={!actor || !stance}
        onCancel={onDone}
      />
    </form>
  );
}

"use client";

import { useEffect, useId, useState } from "react";
import { useTopicSuggestion } from "@/hooks/use-reference-data";
import { useCreateTopic } from "@/hooks/use-review";
import { FormError } from "../ui/form-error";

const splitNames = (text: string) =>
  text
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);

/** The title as it stands once the analyst pauses typing: suggestions are fetched for that, not every key. */
function useSettled(value: string, ms = 400): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * A new topic without leaving the Add report page. Fields, not a form: it sits inside the report's form,
 * and HTML forms cannot nest. The parties are suggested from the title until the analyst edits them.
 */
export function NewTopicFields({ onCreated }: { onCreated: (slug: string) => void }) {
  const id = useId();
  const create = useCreateTopic();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  // What the analyst typed; until they type, the fields show what the title suggests.
  const [actingParty, setActingParty] = useState<string | null>(null);
  const [targets, setTargets] = useState<string | null>(null);
  const [aliases, setAliases] = useState("");
  const settled = useSettled(title);
  const suggestion = useTopicSuggestion(settled);
  const current = settled.trim() === title.trim() && title.trim().length >= 3 ? suggestion.data : undefined;

  if (!open) {
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        New topic…
      </button>
    );
  }
  const reset = () => {
    setOpen(false);
    setTitle("");
    setActingParty(null);
    setTargets(null);
    setAliases("");
  };
  const submit = () => {
    const names = splitNames(aliases);
    // Only what the analyst typed is sent: the server reads the rest from the title, exactly as suggested.
    create.mutate(
      {
        title,
        ...(actingParty?.trim() ? { actingParty: actingParty.trim() } : {}),
        ...(names.length ? { actingPartyAliases: names } : {}),
        ...(targets !== null ? { targetParties: splitNames(targets).map((name) => ({ name, aliases: [] })) } : {}),
      },
      {
        onSuccess: (topic) => {
          onCreated(topic.slug);
          reset();
        },
      },
    );
  };
  const shownParty = actingParty ?? current?.actingParty ?? "";
  const shownTargets = targets ?? current?.targetParties.map((t) => t.name).join(", ") ?? "";
  const hint =
    actingParty !== null
      ? "Whose action is judged"
      : suggestion.isFetching || settled !== title
        ? "Reading the title…"
        : current?.actingParty
          ? "Suggested from the title: edit if wrong"
          : current
            ? "The title names no acting party: fill it in"
            : "Whose action is judged";
  return (
    <fieldset className="new-topic">
      <legend>New topic</legend>
      <div className="add-report__grid">
        <div className="field">
          <label htmlFor={`${id}-title`}>Topic title</label>
          <input
            id={`${id}-title`}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="Russia's February 2022 invasion of Ukraine"
            maxLength={300}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-party`}>Acting party</label>
          <input
            id={`${id}-party`}
            value={shownParty}
            onChange={(e) => setActingParty(e.target.value || null)}
            placeholder="Russia"
            maxLength={200}
          />
          <span className="field__hint" aria-live="polite">
            {hint}
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-aliases`}>Its other names</label>
          <input
            id={`${id}-aliases`}
            value={aliases}
            onChange={(e) => setAliases(e.target.value)}
            placeholder="Moscow, Kremlin, Putin"
          />
          <span className="field__hint">Comma-separated, beyond the usual names of a country</span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-targets`}>Target parties</label>
          <input
            id={`${id}-targets`}
            value={shownTargets}
            onChange={(e) => setTargets(e.target.value)}
            placeholder="Ukraine"
          />
          <span className="field__hint">Comma-separated: whom the action is aimed at</span>
        </div>
      </div>
      <FormError error={create.error} />
      <div className="review-actions">
        <button
          type="button"
          className="button button--small"
          onClick={submit}
          disabled={
            create.isPending ||
            !title.trim() ||
            // Until the title is read, or when it names no acting party, the analyst must type one.
            (!actingParty?.trim() && (settled !== title || suggestion.isFetching || current?.actingParty === null))
          }
        >
          {create.isPending ? "Creating…" : "Create topic"}
        </button>
        <button
          type="button"
          className="button button--small button--ghost"
          onClick={() => {
            create.reset();
            reset();
          }}
        >
          Cancel
        </button>
      </div>
    </fieldset>
  );
}

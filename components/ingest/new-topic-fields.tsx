"use client";

import { useId, useState } from "react";
import { useCreateTopic } from "@/hooks/use-review";
import { FormError } from "../ui/form-error";

/**
 * A new topic without leaving the Add report page. Fields, not a form: it sits inside the report's form,
 * and HTML forms cannot nest.
 */
export function NewTopicFields({ onCreated }: { onCreated: (slug: string) => void }) {
  const id = useId();
  const create = useCreateTopic();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  const [actingParty, setActingParty] = useState("");
  const [aliases, setAliases] = useState("");

  if (!open) {
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        New topic…
      </button>
    );
  }
  const submit = () => {
    const names = aliases
      .split(",")
      .map((a) => a.trim())
      .filter(Boolean);
    create.mutate(
      { title, actingParty, ...(names.length ? { actingPartyAliases: names } : {}) },
      {
        onSuccess: (topic) => {
          onCreated(topic.slug);
          setOpen(false);
          setTitle("");
          setActingParty("");
          setAliases("");
        },
      },
    );
  };
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
            value={actingParty}
            onChange={(e) => setActingParty(e.target.value)}
            placeholder="Russia"
            maxLength={200}
          />
          <span className="field__hint">Whose action is judged</span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-aliases`}>Its other names</label>
          <input
            id={`${id}-aliases`}
            value={aliases}
            onChange={(e) => setAliases(e.target.value)}
            placeholder="Moscow, Kremlin, Putin"
          />
          <span className="field__hint">Comma-separated: capital, leaders, demonym</span>
        </div>
      </div>
      <FormError error={create.error} />
      <div className="review-actions">
        <button
          type="button"
          className="button button--small"
          onClick={submit}
          disabled={create.isPending || !title.trim() || !actingParty.trim()}
        >
          {create.isPending ? "Creating…" : "Create topic"}
        </button>
        <button
          type="button"
          className="button button--small button--ghost"
          onClick={() => {
            create.reset();
            setOpen(false);
          }}
        >
          Cancel
        </button>
      </div>
    </fieldset>
  );
}

"use client";

import { type FormEvent, useId, useState } from "react";
import type { WebhookItem } from "@/contracts/responses";
import { useCreateWebhook, useDeleteWebhook, useDeliveries, useWebhooks } from "@/hooks/use-webhooks";
import { CONFIDENCE_STEPS } from "../filters/standing-fields";
import { FormError } from "../ui/form-error";
import { QueryState } from "../ui/query-state";

const when = (iso: string | null) => (iso ? `${iso.slice(0, 19).replace("T", " ")} UTC` : "");

/** Register URLs that receive a JSON POST for every new stance shift, and read what each delivery got back. */
export function WebhooksSettings() {
  const id = useId();
  const list = useWebhooks();
  const create = useCreateWebhook();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [minConfidence, setMinConfidence] = useState("");
  const [reviewed, setReviewed] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        url: url.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(minConfidence ? { minConfidence: Number(minConfidence) } : {}),
        ...(reviewed ? { reviewed } : {}),
      },
      {
        onSuccess: () => {
          setUrl("");
          setDescription("");
          setMinConfidence("");
          setReviewed(false);
        },
      },
    );
  };
  const items = list.data?.items ?? [];
  return (
    <div className="webhooks">
      <form className="add-report__form" onSubmit={submit} aria-label="Add a webhook">
        <div className="add-report__grid">
          <div className="field">
            <label htmlFor={`${id}-url`}>Webhook URL</label>
            <input
              id={`${id}-url`}
              type="url"
              required
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://hooks.example.org/stancewatch"
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-description`}>Description</label>
            <input
              id={`${id}-description`}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              placeholder="Monitoring desk, Slack relay…"
              maxLength={500}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-confidence`}>Coder confidence</label>
            <select id={`${id}-confidence`} value={minConfidence} onChange={(e) => setMinConfidence(e.target.value)}>
              <option value="">Any confidence</option>
              {CONFIDENCE_STEPS.map((v) => (
                <option key={v} value={v}>
                  both codings at least {Math.round(v * 100)}%
                </option>
              ))}
            </select>
          </div>
          <div className="field field--check">
            <label htmlFor={`${id}-reviewed`}>
              <input
                id={`${id}-reviewed`}
                type="checkbox"
                checked={reviewed}
                onChange={(e) => setReviewed(e.target.checked)}
              />{" "}
              Reviewed shifts only
            </label>
            <span className="field__hint">sent when an analyst has confirmed both codings</span>
          </div>
        </div>
        <FormError error={create.error} />
        {create.data && (
          <p className="notice" role="status" data-testid="webhook-secret">
            Added. Its signing secret, shown this once: <code>{create.data.secret}</code>. Each delivery carries
            <code>X-Stancewatch-Signature: sha256=HMAC(secret, body)</code>.
          </p>
        )}
        <div className="review-actions">
          <button type="submit" className="button" disabled={create.isPending || url.trim() === ""}>
            {create.isPending ? "Adding…" : "Add webhook"}
          </button>
        </div>
      </form>

      <QueryState what="the webhooks" loading={list.isLoading} error={list.error} />
      {list.data && items.length === 0 && (
        <p className="muted" data-testid="webhooks-empty">
          No webhook yet. When an ingest or a review creates a stance shift, every webhook listed here receives a JSON
          POST describing it (one that asks for reviewed shifts only: when an analyst has confirmed both codings).
        </p>
      )}
      <ul className="webhook-list">
        {items.map((w) => (
          <WebhookRow key={w.id} hook={w} />
        ))}
      </ul>
    </div>
  );
}

function WebhookRow({ hook }: { hook: WebhookItem }) {
  const [open, setOpen] = useState(false);
  const remove = useDeleteWebhook();
  return (
    <li className="webhook" data-webhook={hook.id}>
      <div className="webhook__head">
        <div>
          <code className="webhook__url">{hook.url}</code>
          {hook.description && <p className="muted">{hook.description}</p>}
          <p className="webhook__standing" data-testid="webhook-standing">
            Sends {hook.reviewed ? "reviewed shifts only" : "every new shift"}
            {hook.minConfidence !== null
              ? `, both codings at least ${Math.round(hook.minConfidence * 100)}% confident`
              : ", any confidence"}
          </p>
          <p className="webhook__counts">
            {hook.deliveries.delivered} delivered · {hook.deliveries.pending} pending · {hook.deliveries.failed} failed
            · added {when(hook.createdAt)}
          </p>
        </div>
        <div className="review-actions">
          <button
            type="button"
            className="button button--small button--ghost"
            aria-expanded={open}
            onClick={() => setOpen(!open)}
          >
            {open ? "Hide delivery log" : "Delivery log"}
          </button>
          <button
            type="button"
            className="button button--small button--danger"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(`Remove the webhook ${hook.url} and its delivery log?`)) remove.mutate(hook.id);
            }}
          >
            Remove
          </button>
        </div>
      </div>
      <FormError error={remove.error} />
      {open && <DeliveryLog webhookId={hook.id} />}
    </li>
  );
}

function DeliveryLog({ webhookId }: { webhookId: number }) {
  const query = useDeliveries(webhookId);
  if (query.isLoading) return <p className="muted">Loading the delivery log…</p>;
  if (query.isError) return <p role="alert">The delivery log could not be loaded: {query.error.message}</p>;
  const items = query.data?.items ?? [];
  if (items.length === 0)
    return (
      <p className="muted">
        Nothing sent yet: no shift has been created, and no source has broken, since it was added.
      </p>
    );
  return (
    <ol className="delivery-log" data-testid="delivery-log">
      {items.map((d) => (
        <li key={d.id} data-state={d.state}>
          <p>
            <span
              className={`status-tag status-tag--${d.state === "delivered" ? "confirmed" : d.state === "failed" ? "rejected" : "auto"}`}
            >
              {d.state}
            </span>{" "}
            {String((d.payload as { summary?: string }).summary ?? d.shiftId ?? d.event)}
            {d.nextAttemptAt && <span className="muted"> · next try {when(d.nextAttemptAt)}</span>}
          </p>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Try</th>
                <th scope="col">When</th>
                <th scope="col">Answer</th>
                <th scope="col">Time</th>
              </tr>
            </thead>
            <tbody>
              {d.attempts.map((a, i) => (
                <tr key={a.at}>
                  <th scope="row">{i + 1}</th>
                  <td>{when(a.at)}</td>
                  <td>
                    {a.status !== null
                      ? `HTTP ${a.status}${a.response ? `: ${a.response.slice(0, 120)}` : ""}`
                      : a.error}
                  </td>
                  <td>{a.ms} ms</td>
                </tr>
              ))}
            </tbody>
          </table>
          <details>
            <summary>What was sent</summary>
            <pre className="delivery-log__payload">{JSON.stringify(d.payload, null, 2)}</pre>
          </details>
        </li>
      ))}
    </ol>
  );
}

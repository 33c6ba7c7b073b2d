"use client";

import { useId, useState } from "react";
import type { ErrorBody } from "@/contracts/errors";
import { type ExportChart, type ExportFormat, exportFileName } from "@/contracts/export-names";
import { filtersToSearchParams, parseDashboardFilters } from "@/contracts/filters";

const FORMATS: ExportFormat[] = ["png", "svg", "csv", "json"];
/** Files the server draws: they wait for a turn in its render queue and may be refused with 503 when it is full. */
const DRAWN: ReadonlySet<ExportFormat> = new Set(["png", "svg"]);

function save(href: string, name: string): void {
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
}

/** The server's own words for a refused export (its error envelope), else the status. */
async function refusal(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as ErrorBody | null;
  return body?.error?.message ?? `The export failed: the server answered ${res.status} ${res.statusText}`.trim();
}

/**
 * The chart's four exports. The files come from `GET /api/export/{chart}.{ext}` under the same filters as the
 * dashboard, so what a script downloads and what a button saves are the same file. Pictures are fetched first
 * and saved from memory (they are small), so that a busy server's 503 shows its message here instead of a
 * failed download; CSV and JSON go straight to the browser's downloads (a CSV with evidence can be large).
 */
export function ExportButtons({ chart, title }: { chart: ExportChart; title: string }) {
  const id = useId();
  const [evidence, setEvidence] = useState(false);
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<string | null>(null);
  const download = async (format: ExportFormat) => {
    // The filters as the URL holds them at the click (no country chosen stays "the defaults"): the server
    // applies the same rules, so the file is the view on screen.
    const filters = parseDashboardFilters(new URLSearchParams(window.location.search));
    const params = filtersToSearchParams({ ...filters });
    if (format === "csv" && evidence) params.set("evidence", "1");
    const href = `/api/export/${chart}.${format}${params.size ? `?${params}` : ""}`;
    const name = exportFileName(chart, filters, format);
    setError(null);
    if (!DRAWN.has(format)) {
      save(href, name);
      return;
    }
    setBusy(format);
    try {
      const res = await fetch(href, { credentials: "same-origin" });
      if (!res.ok) {
        setError(await refusal(res));
        return;
      }
      const url = URL.createObjectURL(await res.blob());
      save(url, name);
      // The download has long started by then; the copy in memory can go.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      setError("The server could not be reached: check your connection and try again");
    } finally {
      setBusy(null);
    }
  };
  return (
    <fieldset className="export">
      <legend className="visually-hidden">Export {title}</legend>
      {FORMATS.map((f) => (
        <button
          key={f}
          type="button"
          className="button button--small button--ghost"
          disabled={busy === f}
          aria-busy={busy === f}
          onClick={() => void download(f)}
        >
          Export {f.toUpperCase()}
        </button>
      ))}
      <label className="export__evidence" htmlFor={`${id}-evidence`}>
        <input
          id={`${id}-evidence`}
          type="checkbox"
          checked={evidence}
          onChange={(e) => setEvidence(e.target.checked)}
        />
        CSV with evidence
      </label>
      {error && (
        <p role="alert" className="form-error" style={{ flexBasis: "100%", margin: 0 }}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

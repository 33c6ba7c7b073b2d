"use client";

import { useId, useState } from "react";
import { filtersToSearchParams, parseDashboardFilters } from "@/lib/dashboard-filters";
import { type ExportChart, type ExportFormat, exportFileName } from "@/lib/export/names";

const FORMATS: ExportFormat[] = ["png", "svg", "csv", "json"];

/**
 * The chart's four exports. The files come from `GET /api/export/{chart}.{ext}` under the same filters as the
 * dashboard, so what a script downloads and what a button saves are the same file.
 */
export function ExportButtons({ chart, title }: { chart: ExportChart; title: string }) {
  const id = useId();
  const [evidence, setEvidence] = useState(false);
  const download = (format: ExportFormat) => {
    // The filters as the URL holds them at the click (no country chosen stays "the defaults"): the server
    // applies the same rules, so the file is the view on screen.
    const filters = parseDashboardFilters(new URLSearchParams(window.location.search));
    const params = filtersToSearchParams({ ...filters });
    if (format === "csv" && evidence) params.set("evidence", "1");
    const link = document.createElement("a");
    link.href = `/api/export/${chart}.${format}${params.size ? `?${params}` : ""}`;
    link.download = exportFileName(chart, filters, format);
    document.body.appendChild(link);
    link.click();
    link.remove();
  };
  return (
    <fieldset className="export">
      <legend className="visually-hidden">Export {title}</legend>
      {FORMATS.map((f) => (
        <button key={f} type="button" className="button button--small button--ghost" onClick={() => download(f)}>
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
    </fieldset>
  );
}

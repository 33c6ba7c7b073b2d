import type { ImportOutcome, ImportSummary } from "./run";

/** What `npm run import` prints: the details, then one line of totals that scripts can match. */

export function totalsLine(s: ImportSummary): string {
  const figures = `duplicates ${s.duplicates}, failed ${s.failed}, skipped ${s.skipped.length}`;
  return s.dryRun ? `dry run, nothing written: would add ${s.added}, ${figures}` : `added ${s.added}, ${figures}`;
}

function stancesText(o: Extract<ImportOutcome, { status: "added" }>): string {
  if (o.stances === null) return "not coded";
  if (o.stances.length === 0) return "no stances found";
  return o.stances.map((s) => `${s.actor} ${s.stance}`).join(", ");
}

function duplicateText(o: Extract<ImportOutcome, { status: "duplicate" }>, dryRun: boolean): string {
  if (o.firstSource !== null) {
    return o.reportId === null || dryRun
      ? `the same text as ${o.firstSource}`
      : `report ${o.reportId} (added from ${o.firstSource} in this import)`;
  }
  return `already stored as report ${o.reportId}`;
}

/** One outcome in a few words: the progress lines and the summary use it. */
export function outcomeText(o: ImportOutcome, dryRun: boolean): string {
  if (o.status === "added") {
    const what = o.reportId === null ? "would add" : `added report ${o.reportId}`;
    return `${what} to ${o.topic} (${stancesText(o)})`;
  }
  if (o.status === "duplicate") return `duplicate: ${duplicateText(o, dryRun)}`;
  return `failed: ${o.reason}`;
}

export function formatSummary(s: ImportSummary, where: string): string {
  const out: string[] = [];
  const n = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;
  out.push(
    s.dryRun
      ? `Dry run: read ${n(s.files, "file")}, checked against ${where}.`
      : `Imported ${n(s.files, "file")} into ${where}.`,
  );
  const added = s.outcomes.filter((o) => o.status === "added");
  if (added.length) {
    out.push(`${s.dryRun ? "would add" : "added"} ${added.length}:`);
    for (const o of added) {
      const id = o.reportId === null ? "" : `report ${o.reportId}, `;
      out.push(`  ${o.source} → ${id}${o.topic}: ${stancesText(o)}`);
    }
  }
  const duplicates = s.outcomes.filter((o) => o.status === "duplicate");
  if (duplicates.length) {
    out.push(`duplicates ${duplicates.length} (the same text is stored once):`);
    for (const o of duplicates) out.push(`  ${o.source} → ${duplicateText(o, s.dryRun)}`);
  }
  const failed = s.outcomes.filter((o) => o.status === "failed");
  if (failed.length) {
    out.push(`failed ${failed.length}:`);
    for (const o of failed) out.push(`  ${o.source}: ${o.reason}`);
  }
  if (s.skipped.length) {
    out.push(`skipped ${s.skipped.length} (not .txt, .md, .json or .jsonl):`);
    for (const f of s.skipped) out.push(`  ${f}`);
  }
  if (s.topicsCreated.length) {
    out.push(`topics ${s.dryRun ? "that would be created" : "created"} ${s.topicsCreated.length}:`);
    for (const t of s.topicsCreated) {
      const id = t.id > 0 && !s.dryRun ? ` (id ${t.id})` : "";
      out.push(`  ${t.slug}${id}: "${t.title}", acting party ${t.actingParty}`);
    }
  }
  if (s.aborted) out.push(`stopped early: ${s.aborted}`);
  out.push(totalsLine(s));
  return out.join("\n");
}

import "server-only";
import { Feed } from "feed";
import type { ShiftItem } from "../../contracts/responses";
import { describeShift, reportUrl } from "../../contracts/webhooks";
import { formatDate } from "../../domain/dates";
import { meetsStanding } from "../../domain/shifts";
import { escapeXml, xmlText } from "../xml";

/** The Atom 1.0 feed of stance shifts: one entry per shift, newest first, as `GET /api/shifts` lists them. */

// The html content of an entry is escaped text inside the feed's CDATA, so nothing from a report can close it.
const escapeHtml = escapeXml;

const STATUS_WORDS = { auto: "not reviewed", confirmed: "confirmed", corrected: "corrected", rejected: "rejected" };

function side(label: string, e: ShiftItem["evidence"]["before"], stance: string, baseUrl: string): string {
  const url = reportUrl(baseUrl, e.reportId, e.codingId);
  const standing = `${Math.round(e.confidence * 100)}% confident, ${STATUS_WORDS[e.status]}`;
  return (
    `<p><strong>${escapeHtml(label)} (${escapeHtml(stance)}, ${escapeHtml(formatDate(e.statementDate, e.statementDatePrecision))}):</strong> ${escapeHtml(standing)}</p>` +
    `<blockquote>${escapeHtml(e.evidence)}</blockquote>` +
    `<p>In <a href="${escapeHtml(url)}">${escapeHtml(e.reportTitle)}</a> (${escapeHtml(e.reportOutlet)})</p>`
  );
}

/** Atom wants a full timestamp: the day of the change at midnight UTC (a month-only date: its first day). */
function entryDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function shiftsAtom(
  shifts: readonly ShiftItem[],
  options: { baseUrl: string; selfUrl: string; filtersInWords: string },
): string {
  const base = options.baseUrl.replace(/\/$/, "");
  const feed = new Feed({
    id: `${base}/shifts`,
    title: xmlText(`Stancewatch: stance shifts${options.filtersInWords ? ` (${options.filtersInWords})` : ""}`),
    description: "Where a government's stance on a crisis changed, with the sentences before and after.",
    link: `${base}/shifts`,
    updated: shifts[0] ? entryDate(shifts[0].toDate) : new Date(0),
    generator: "Stancewatch",
    feedLinks: { atom: options.selfUrl },
    author: { name: "Stancewatch" },
  });
  for (const s of shifts) {
    const from = formatDate(s.fromDate, s.fromDatePrecision);
    const to = formatDate(s.toDate, s.toDatePrecision);
    // Text inside these html elements is escaped, so nothing from a report can close the feed's CDATA.
    const title = escapeHtml(`${describeShift(s)} (${from} → ${to})`);
    feed.addItem({
      id: `${base}/shifts#${encodeURIComponent(s.id)}`,
      title,
      link: reportUrl(base, s.evidence.after.reportId, s.evidence.after.codingId),
      date: entryDate(s.toDate),
      description: `${title} on “${escapeHtml(s.topicTitle)}”. Net change ${s.magnitude > 0 ? "+" : ""}${s.magnitude}.`,
      content:
        `<p>${escapeHtml(describeShift(s))} on “${escapeHtml(s.topicTitle)}”, from ${escapeHtml(from)} to ${escapeHtml(to)} (net change ${s.magnitude > 0 ? "+" : ""}${s.magnitude}). ${meetsStanding(s, { reviewed: true }) ? "Reviewed: an analyst checked both codings." : "Not reviewed yet."}</p>` +
        side("Before", s.evidence.before, s.from, base) +
        side("After", s.evidence.after, s.to, base),
      author: [{ name: "Stancewatch" }],
    });
  }
  return feed.atom1();
}

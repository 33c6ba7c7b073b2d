import { daysInMonth } from "../domain/dates";
import type { Filters } from "./api-client";

/** What a click on a chart mark selects: the codings behind it, as filters on top of the active ones. */
export type Selection = { title: string; filters: Filters };

/** A month group ("2023-09") as a date range, kept inside the active range. */
export function monthRange(month: string, active: Filters): Pick<Filters, "from" | "to"> {
  const [y, m] = month.split("-").map(Number);
  const first = `${month}-01`;
  const last = `${month}-${String(daysInMonth(y ?? 1970, m ?? 1)).padStart(2, "0")}`;
  return {
    from: active.from && active.from > first ? active.from : first,
    to: active.to && active.to < last ? active.to : last,
  };
}

/** The last day a date covers: itself, or the end of its month when only the month is known. */
export function lastDay(date: string, precision: "day" | "month"): string {
  if (precision === "day") return date;
  const [y, m] = date.split("-").map(Number);
  return `${date.slice(0, 7)}-${String(daysInMonth(y ?? 1970, m ?? 1)).padStart(2, "0")}`;
}

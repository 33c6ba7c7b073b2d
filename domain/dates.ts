/** Calendar dates as `YYYY-MM-DD` strings: no time zones, no Date arithmetic surprises. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Year 0 parses here but PostgreSQL refuses it.
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
] as const;

const SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** 1-based month number from an English month name or its three-letter abbreviation. */
export function monthNumber(name: string): number | undefined {
  const n = name.toLowerCase().replace(/\.$/, "");
  const i = MONTHS.findIndex((m) => m === n || (n.length >= 3 && m.startsWith(n) && n.length <= m.length));
  return i === -1 ? undefined : i + 1;
}

/** "25 Sep 2023", or "Oct 2023" when only the month is known. */
export function formatDate(value: string, precision: "day" | "month" = "day"): string {
  const m = ISO_DATE.exec(value);
  if (!m) return value;
  const month = SHORT_MONTHS[Number(m[2]) - 1];
  return precision === "month" ? `${month} ${m[1]}` : `${Number(m[3])} ${month} ${m[1]}`;
}

/** A date as a form shows it and the API takes it back: the day, or only the month when that is all that is known. */
export function dateAsTyped(date: string, precision: "day" | "month"): string {
  return precision === "month" ? date.slice(0, 7) : date;
}

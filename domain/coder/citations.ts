import { daysInMonth, isoDate, monthNumber } from "../dates";

/** An inline citation found in a report body, e.g. "(Al Jazeera, September 25)". */
export type Citation = {
  outlet: string;
  date: string;
  precision: "day" | "month";
  /** The citation's text without brackets or "see", e.g. "Al Jazeera, September 25". */
  citation: string;
  /** UTF-16 offsets of `citation` in the body. */
  start: number;
  end: number;
};

const MONTH =
  "(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\\.?";
// "Outlet, September 25", "Outlet, September 25, 2023", "Outlet, 25 September 2023", "Outlet, September 2023".
const MONTH_DAY = new RegExp(`^(.+?),\\s*${MONTH}\\s+(\\d{1,2})(?:,?\\s+(\\d{4}))?$`, "i");
const DAY_MONTH = new RegExp(`^(.+?),\\s*(\\d{1,2})\\s+${MONTH}(?:,?\\s+(\\d{4}))?$`, "i");
const MONTH_YEAR = new RegExp(`^(.+?),\\s*${MONTH}\\s+(\\d{4})$`, "i");
const LEAD = /^(?:see(?:\s+also)?|cf\.?|via)\s+/i;

type Context = { reportDate: string; reportPrecision?: "day" | "month" };

/**
 * Finds the dated inline citations of a body. A citation without a year takes the report's year, or the year
 * before when that would put it after the report was published.
 */
export function findCitations(body: string, context: Context): Citation[] {
  const found: Citation[] = [];
  for (const group of body.matchAll(/\(([^()\n]{3,300})\)/g)) {
    const groupStart = (group.index ?? 0) + 1;
    let offset = 0;
    for (const rawPart of (group[1] ?? "").split(";")) {
      const partStart = groupStart + offset;
      offset += rawPart.length + 1;
      const lead = rawPart.length - rawPart.trimStart().length;
      let text = rawPart.trim();
      let start = partStart + lead;
      const prefix = LEAD.exec(text);
      if (prefix) {
        text = text.slice(prefix[0].length);
        start += prefix[0].length;
      }
      const parsed = parseCitation(text, context);
      if (parsed) found.push({ ...parsed, citation: text, start, end: start + text.length });
    }
  }
  return found;
}

type Parts = { outlet?: string; month?: number; day?: number; year?: number };

const FORMS: { pattern: RegExp; parts: (m: RegExpExecArray) => Parts }[] = [
  {
    pattern: MONTH_DAY,
    parts: (m) => ({ outlet: m[1], month: monthNumber(m[2] ?? ""), day: Number(m[3]), year: optYear(m[4]) }),
  },
  {
    pattern: DAY_MONTH,
    parts: (m) => ({ outlet: m[1], day: Number(m[2]), month: monthNumber(m[3] ?? ""), year: optYear(m[4]) }),
  },
  { pattern: MONTH_YEAR, parts: (m) => ({ outlet: m[1], month: monthNumber(m[2] ?? ""), year: Number(m[3]) }) },
];

function optYear(value: string | undefined): number | undefined {
  return value ? Number(value) : undefined;
}

function parseCitation(text: string, context: Context): Pick<Citation, "outlet" | "date" | "precision"> | null {
  let parts: Parts | undefined;
  for (const form of FORMS) {
    const m = form.pattern.exec(text);
    if (m) {
      parts = form.parts(m);
      break;
    }
  }
  const outlet = parts?.outlet?.trim();
  const month = parts?.month;
  if (!parts || !outlet || !month || outlet.length > 80 || !/^[\p{L}\p{N}]/u.test(outlet)) return null;
  const { day } = parts;
  const year = parts.year ?? inferYear(month, day ?? 1, context);
  if (day !== undefined && (day < 1 || day > daysInMonth(year, month))) return null;
  return { outlet, date: isoDate(year, month, day ?? 1), precision: day === undefined ? "month" : "day" };
}

function inferYear(month: number, day: number, { reportDate, reportPrecision = "day" }: Context): number {
  const reportYear = Number(reportDate.slice(0, 4));
  const reportMonth = Number(reportDate.slice(5, 7));
  const latest =
    reportPrecision === "month" ? isoDate(reportYear, reportMonth, daysInMonth(reportYear, reportMonth)) : reportDate;
  return isoDate(reportYear, month, day) > latest ? reportYear - 1 : reportYear;
}

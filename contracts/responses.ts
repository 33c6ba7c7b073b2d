// The API's answers: the JSON each route returns, shared by the server that writes it and the browser that
// reads it. db/ builds these shapes; components and hooks only ever see them through this module.
import type { Agreement } from "../domain/agreement";
import type { CodeResult } from "../domain/coder/types";
import type { AliasKind, DatePrecision, ReviewStatus, Stance } from "../domain/labels";
import type { Shift } from "../domain/shifts";
import type { SummaryGroup } from "./filters";

export type { Agreement };

/** Why the automatic coder chose a label: shown to analysts next to the coding. */
export type CodingExplanation = {
  alias?: string;
  cue?: string;
  rule?: string;
  [key: string]: unknown;
};

/** One try at a delivery: when, what answered (HTTP status, the start of the body) or what failed. */
export type DeliveryAttempt = {
  at: string;
  status: number | null;
  response: string | null;
  error: string | null;
  ms: number;
};

export type ActorItem = {
  code: string;
  name: string;
  kind: "state" | "organisation";
  isDefault: boolean;
  color: string | null;
  aliases: {
    alias: string;
    kind: AliasKind;
    language: string | null;
    role: string | null;
    validFrom: string | null;
    validTo: string | null;
  }[];
};

export type AlignmentPair = {
  a: string;
  b: string;
  /** Reports in which both actors were coded. */
  reports: number;
  /** Of those, the reports in which both took the same report-level stance. */
  same: number;
  /** same / reports, rounded to three places; null when no report codes both. */
  share: number | null;
  /** The first 200 reports behind the pair, for the evidence panel. */
  reportIds: number[];
};

export type Alignment = { actors: string[]; items: AlignmentPair[] };

export type OutletItem = { outlet: string; reports: number; citations: number };

export type ReportSummary = {
  id: number;
  topicId: number;
  topicSlug: string;
  title: string;
  outlet: string;
  publishedOn: string;
  publishedPrecision: DatePrecision;
  url: string | null;
  language: string;
  createdAt: string;
  codingCount: number;
};

export type ReportDetail = ReportSummary & {
  body: string;
  contentHash: string;
  /** The source (GET /api/sources) that added it from its feed; null when added otherwise or the source is gone. */
  source: { id: number; name: string } | null;
  citedSources: {
    id: number;
    outlet: string;
    date: string;
    precision: DatePrecision;
    citation: string;
    start: number;
    end: number;
  }[];
  codings: StanceItem[];
};

export type RevisionItem = {
  id: number;
  action: string;
  changedBy: string;
  changedAt: string;
  oldValue: Record<string, unknown> | null;
  newValue: Record<string, unknown>;
  note: string | null;
};

/** A reviewed coding, with the id of the revision the review wrote (what an undo names). */
export type ReviewedItem = StanceItem & { revision: number };

/** A coding waiting for review, with a few sentences of its report around the evidence. */
export type ReviewQueueItem = StanceItem & { context: { before: string; after: string } };

export type ReviewQueue = { items: ReviewQueueItem[]; remaining: number; nextCursor: string | null };

export type ShiftItem = Shift & { actorName: string; topicSlug: string; topicTitle: string };

export type ShiftPage = { items: ShiftItem[]; nextCursor: string | null };

export type StanceItem = {
  id: number;
  actor: string;
  actorName: string;
  topicId: number;
  reportId: number;
  reportTitle: string;
  reportOutlet: string;
  reportUrl: string | null;
  reportPublishedOn: string;
  reportPublishedPrecision: DatePrecision;
  stance: Stance;
  statementDate: string;
  statementDatePrecision: DatePrecision;
  evidence: string;
  evidenceStart: number;
  evidenceEnd: number;
  citedSource: { outlet: string; date: string; precision: DatePrecision } | null;
  /** The cited source's id in the report's `citedSources`, for a correction that changes it. */
  citedSourceId: number | null;
  coder: string;
  confidence: number;
  status: ReviewStatus;
  explanation: CodingExplanation | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
};

export type StancePage = { items: StanceItem[]; nextCursor: string | null };

export type SummaryItem = {
  key: string;
  label: string;
  date: string;
  datePrecision: DatePrecision;
  outlet: string | null;
  reportId: number | null;
  actor: string;
  support: number;
  neutral: number;
  condemn: number;
  total: number;
  net: number;
};

export type Summary = { by: SummaryGroup; requestedBy: SummaryGroup; items: SummaryItem[] };

export type CodingScope = { reports: number; codings: number; first: string | null; last: string | null };

export type TopicItem = {
  id: number;
  slug: string;
  title: string;
  actingParty: string;
  actingPartyAliases: string[];
  targetParties: { name: string; aliases: string[] }[];
  description: string | null;
  reportCount: number;
  codingCount: number;
};

export type WebhookItem = {
  id: number;
  url: string;
  description: string | null;
  active: boolean;
  /** Only shifts whose two codings are both at least this confident (null: any). */
  minConfidence: number | null;
  /** Only shifts whose two codings an analyst confirmed, corrected or coded. */
  reviewed: boolean;
  createdAt: string;
  deliveries: { pending: number; delivered: number; failed: number };
};

export type DeliveryItem = {
  id: number;
  webhookId: number;
  event: string;
  /** The shift a `shift.created` delivery announces; null for other events (`source.failed`). */
  shiftId: string | null;
  state: "pending" | "delivered" | "failed";
  payload: Record<string, unknown>;
  attempts: DeliveryAttempt[];
  nextAttemptAt: string | null;
  createdAt: string;
  finishedAt: string | null;
};

/** GET /api/topics/suggest: what POST /api/topics would read from a title (no acting party: null). */
export type TopicSuggestion = {
  actingParty: string | null;
  actingPartyAliases: string[];
  targetParties: { name: string; aliases: string[] }[];
};

/** GET /api/session. */
export type SessionState = { signedIn: boolean; writesEnabled: boolean; reads: "public" | "allowed" | "refused" };

/** POST /api/reports/preview: what the coder reads in a report, before it is stored. */
export type ReportPreview = CodeResult & { topicId: number; topicSlug: string; text: string };

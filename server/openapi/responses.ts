import "server-only";
import { z } from "zod";
import { ERROR_STATUS, type ErrorBody } from "../../contracts/errors";
import { SUMMARY_GROUPS } from "../../contracts/filters";
import type { IngestResult } from "../../contracts/reports";
import type {
  ActorItem,
  Alignment,
  DeliveryItem,
  OutletItem,
  ReportDetail,
  ReportSummary,
  ReviewedItem,
  ReviewQueue,
  RevisionItem,
  SessionState,
  ShiftPage,
  StanceItem,
  StancePage,
  Summary,
  TopicItem,
  TopicSuggestion,
  WebhookItem,
} from "../../contracts/responses";
import type { PollResult, SourceItem, SourcePreview } from "../../contracts/sources";
import { ACTOR_KINDS, ALIAS_KINDS, DATE_PRECISIONS, REVIEW_STATUSES, STANCES } from "../../domain/labels";

/**
 * The API's answers as zod schemas, which the OpenAPI document turns into JSON Schema (./document.ts). Each is
 * checked against the type its route answers with (contracts/responses.ts and the like: the `Same` checks at the
 * end), so `tsc` fails when the two drift apart. Answers not written out here (the coder's preview, the
 * agreement report, chart data) are described in words, as docs/api.md does, with a generic JSON object.
 */

const ERROR_CODES = Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]];

/** `{ error: { code, message, issues? } }`; some errors name more (`reportId` of a 409, `retryAfterSeconds`). */
export const ErrorEnvelope = z.strictObject({
  error: z.looseObject({
    code: z.enum(ERROR_CODES).describe("Stable and machine-readable; the HTTP status follows from it"),
    message: z.string().describe("Says what went wrong and what to do about it; never an exception's text"),
    issues: z
      .array(z.strictObject({ path: z.string(), message: z.string() }))
      .optional()
      .describe("One entry per invalid parameter or body field"),
  }),
});

const id = z.number().int();
const date = z.string().describe("YYYY-MM-DD");
const timestamp = z.string().describe("ISO 8601 date and time");
const precision = z.enum(DATE_PRECISIONS).describe("month: known only to the month, stored as its first day");
const nextCursor = z.string().nullable().describe("Pass it as `cursor` for the next page; null on the last page");

export const HealthResponse = z.strictObject({
  status: z.literal("ok"),
  database: z.enum(["pglite", "postgres"]),
  latencyMs: z.number().describe("A round trip to the database"),
  uptimeSeconds: z.number().int(),
});

export const SessionResponse = z.strictObject({
  signedIn: z.boolean().describe("An admin session: writes allowed"),
  writesEnabled: z.boolean().describe("The server has an ADMIN_TOKEN set"),
  reads: z.enum(["public", "allowed", "refused"]).describe("public: READ_TOKEN is not set"),
});

const Actor = z.strictObject({
  code: z.string(),
  name: z.string(),
  kind: z.enum(ACTOR_KINDS),
  isDefault: z.boolean(),
  color: z.string().nullable(),
  aliases: z.array(
    z.strictObject({
      alias: z.string(),
      kind: z.enum(ALIAS_KINDS),
      language: z.string().nullable(),
      role: z.string().nullable(),
      validFrom: z.string().nullable(),
      validTo: z.string().nullable(),
    }),
  ),
});
export const ActorList = z.strictObject({ items: z.array(Actor) });

const Outlet = z.strictObject({ outlet: z.string(), reports: z.number().int(), citations: z.number().int() });
export const OutletList = z.strictObject({ items: z.array(Outlet) });

export const SummaryResponse = z.strictObject({
  by: z.enum(SUMMARY_GROUPS).describe("The grouping used: month when maxGroups made it group by month"),
  requestedBy: z.enum(SUMMARY_GROUPS),
  items: z.array(
    z.strictObject({
      key: z.string(),
      label: z.string(),
      date,
      datePrecision: precision,
      outlet: z.string().nullable(),
      reportId: id.nullable(),
      actor: z.string(),
      support: z.number().int(),
      neutral: z.number().int(),
      condemn: z.number().int(),
      total: z.number().int(),
      net: z.number().describe("The average of support +1, neutral 0, condemn -1"),
    }),
  ),
});

export const AlignmentResponse = z.strictObject({
  actors: z.array(z.string()),
  items: z.array(
    z.strictObject({
      a: z.string(),
      b: z.string(),
      reports: z.number().int().describe("Reports in which both actors were coded"),
      same: z.number().int().describe("Of those, the reports in which both took the same report-level stance"),
      share: z.number().nullable().describe("same / reports; null when no report codes both"),
      reportIds: z.array(id).describe("The first 200 reports behind the pair"),
    }),
  ),
});

export const StanceItemSchema = z.strictObject({
  id,
  actor: z.string(),
  actorName: z.string(),
  topicId: id,
  reportId: id,
  reportTitle: z.string(),
  reportOutlet: z.string(),
  reportUrl: z.string().nullable(),
  reportPublishedOn: date,
  reportPublishedPrecision: precision,
  stance: z.enum(STANCES),
  statementDate: date,
  statementDatePrecision: precision,
  evidence: z.string().describe("body.slice(evidenceStart, evidenceEnd) of the report"),
  evidenceStart: z.number().int().describe("UTF-16 offset into the report body"),
  evidenceEnd: z.number().int(),
  citedSource: z.strictObject({ outlet: z.string(), date, precision }).nullable(),
  citedSourceId: id.nullable(),
  coder: z.string(),
  confidence: z.number().describe("0..1"),
  status: z.enum(REVIEW_STATUSES),
  explanation: z
    .looseObject({ alias: z.string().optional(), cue: z.string().optional(), rule: z.string().optional() })
    .nullable(),
  note: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const StancePageResponse = z.strictObject({ items: z.array(StanceItemSchema), nextCursor });

export const ReviewedItemSchema = StanceItemSchema.extend({
  revision: id.describe("The revision this review wrote: what POST /api/stances/{id}/revert takes"),
});

export const ReviewQueueResponse = z.strictObject({
  items: z.array(
    StanceItemSchema.extend({
      context: z.strictObject({ before: z.string(), after: z.string() }).describe("Sentences around the evidence"),
    }),
  ),
  remaining: z.number().int().describe("Every coding left under the filters, not only this page"),
  nextCursor,
});

export const RevisionList = z.strictObject({
  items: z.array(
    z.strictObject({
      id,
      action: z.string(),
      changedBy: z.string(),
      changedAt: timestamp,
      oldValue: z.record(z.string(), z.unknown()).nullable(),
      newValue: z.record(z.string(), z.unknown()),
      note: z.string().nullable(),
    }),
  ),
});

const ReportSummarySchema = z.strictObject({
  id,
  topicId: id,
  topicSlug: z.string(),
  title: z.string(),
  outlet: z.string(),
  publishedOn: date,
  publishedPrecision: precision,
  url: z.string().nullable(),
  language: z.string(),
  createdAt: timestamp,
  codingCount: z.number().int(),
});
export const ReportPage = z.strictObject({ items: z.array(ReportSummarySchema), nextCursor });

const citedSource = {
  outlet: z.string(),
  date,
  precision,
  citation: z.string(),
  start: z.number().int(),
  end: z.number().int(),
};

export const ReportDetailResponse = ReportSummarySchema.extend({
  body: z.string(),
  contentHash: z.string(),
  source: z
    .strictObject({ id, name: z.string() })
    .nullable()
    .describe("The source that added it from its feed (GET /api/sources); null otherwise"),
  citedSources: z.array(z.strictObject({ id, ...citedSource })),
  codings: z.array(StanceItemSchema).describe("Every coding of the report, of every status"),
});

export const IngestResponse = z.strictObject({
  id,
  title: z.string(),
  outlet: z.string(),
  publishedOn: date,
  publishedPrecision: precision,
  url: z.string().nullable(),
  language: z.string(),
  topicId: id,
  topicSlug: z.string(),
  coder: z.string(),
  citedSources: z.array(z.strictObject(citedSource)),
  stances: z.array(StanceItemSchema).describe("One automatic coding per statement, status auto"),
  reportStances: z
    .array(z.strictObject({ actor: z.string(), stance: z.string(), confidence: z.number(), codingId: id.nullable() }))
    .describe("The report-level label per actor"),
});

const party = z.strictObject({ name: z.string(), aliases: z.array(z.string()) });

export const TopicItemSchema = z.strictObject({
  id,
  slug: z.string(),
  title: z.string(),
  actingParty: z.string(),
  actingPartyAliases: z.array(z.string()),
  targetParties: z.array(party),
  description: z.string().nullable(),
  reportCount: z.number().int(),
  codingCount: z.number().int(),
});
export const TopicList = z.strictObject({ items: z.array(TopicItemSchema) });

export const TopicSuggestionResponse = z.strictObject({
  actingParty: z.string().nullable().describe("null when the title names no known party"),
  actingPartyAliases: z.array(z.string()),
  targetParties: z.array(party),
});

export const WebhookItemSchema = z.strictObject({
  id,
  url: z.string(),
  description: z.string().nullable(),
  active: z.boolean(),
  minConfidence: z.number().nullable().describe("Only shifts whose two codings are at least this confident"),
  reviewed: z.boolean().describe("Only shifts whose two codings an analyst confirmed, corrected or coded"),
  createdAt: timestamp,
  deliveries: z.strictObject({ pending: z.number().int(), delivered: z.number().int(), failed: z.number().int() }),
});
export const WebhookList = z.strictObject({ items: z.array(WebhookItemSchema) });
export const WebhookCreated = WebhookItemSchema.extend({
  secret: z.string().describe("The signing secret, shown this once"),
});
export const WebhookDeleted = z.strictObject({ deleted: id });

export const DeliveryList = z.strictObject({
  items: z.array(
    z.strictObject({
      id,
      webhookId: id,
      event: z.string().describe("shift.created or source.failed"),
      shiftId: z.string().nullable().describe("The shift a shift.created delivery announces; null for source.failed"),
      state: z.enum(["pending", "delivered", "failed"]),
      payload: z.record(z.string(), z.unknown()),
      attempts: z.array(
        z.strictObject({
          at: timestamp,
          status: z.number().int().nullable(),
          response: z.string().nullable(),
          error: z.string().nullable(),
          ms: z.number(),
        }),
      ),
      nextAttemptAt: timestamp.nullable(),
      createdAt: timestamp,
      finishedAt: timestamp.nullable(),
    }),
  ),
});

export const SourceItemSchema = z.strictObject({
  id,
  name: z.string().describe("The outlet of the reports it adds"),
  url: z.string().describe("The feed's address (RSS 2.0, Atom 1.0 or JSON Feed)"),
  topic: z.string().describe("The topic's slug"),
  topicId: id,
  language: z.string().nullable().describe("null: detected per article"),
  match: z.array(z.string()).nullable().describe("null: an item must name one of the topic's parties"),
  intervalMinutes: z.number().int(),
  active: z.boolean().describe("false: paused"),
  lastPolledAt: timestamp.nullable(),
  lastStatus: z.enum(["ok", "error"]).nullable().describe("null: not polled yet"),
  lastError: z.string().nullable().describe("Why the last poll failed, such as `HTTP 500 from example.org`"),
  consecutiveFailures: z.number().int(),
  broken: z.boolean().describe("Failed three times or more in a row (source.failed was sent)"),
  itemsSeen: z.number().int(),
  reportsAdded: z.number().int(),
  itemsSkipped: z.number().int(),
  nextPollAt: timestamp.nullable().describe("null while paused"),
  createdAt: timestamp,
});
export const SourceList = z.strictObject({ items: z.array(SourceItemSchema) });
export const SourceDeleted = z.strictObject({ deleted: id });
export const PollResultSchema = z.strictObject({
  added: z.number().int().describe("New reports"),
  duplicates: z.number().int().describe("Items whose text was already stored"),
  skipped: z.number().int().describe("Items that name no match term or party, or have no text"),
  failed: z.number().int().describe("Items whose article could not be fetched: tried again at the next poll"),
});
export const SourcePreviewSchema = z.strictObject({
  format: z.enum(["rss", "atom", "json"]),
  title: z.string().nullable(),
  items: z.array(
    z.strictObject({
      title: z.string(),
      link: z.string().nullable(),
      publishedAt: timestamp.nullable(),
      kept: z.boolean().describe("Whether it would become a report"),
      reason: z.string().nullable().describe("Why it would be left out"),
    }),
  ),
});

/** A page of shifts: the items are described in words (docs/api.md), the paging exactly. */
export const ShiftPageResponse = z.strictObject({ items: z.array(z.looseObject({ id: z.string() })), nextCursor });

// Compile-time checks: each schema's output is the type its route answers with (mutually assignable), so
// `tsc` names the line of a schema that no longer matches its type.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Out<T extends z.ZodType> = z.output<T>;
function same<A, B>(ok: Same<A, B>): void {
  void ok;
}
same<Out<typeof SessionResponse>, SessionState>(true);
same<Out<typeof ActorList>["items"][number], ActorItem>(true);
same<Out<typeof OutletList>["items"][number], OutletItem>(true);
same<Out<typeof SummaryResponse>, Summary>(true);
same<Out<typeof AlignmentResponse>, Alignment>(true);
same<Out<typeof StanceItemSchema>, StanceItem>(true);
same<Out<typeof StancePageResponse>, StancePage>(true);
same<Out<typeof ReviewedItemSchema>, ReviewedItem>(true);
same<Out<typeof ReviewQueueResponse>, ReviewQueue>(true);
same<Out<typeof RevisionList>["items"][number], RevisionItem>(true);
same<Out<typeof ReportPage>["items"][number], ReportSummary>(true);
same<Out<typeof ReportDetailResponse>, ReportDetail>(true);
same<Out<typeof IngestResponse>, IngestResult>(true);
same<Out<typeof TopicItemSchema>, TopicItem>(true);
same<Out<typeof TopicSuggestionResponse>, TopicSuggestion>(true);
same<Out<typeof WebhookItemSchema>, WebhookItem>(true);
same<Out<typeof DeliveryList>["items"][number], DeliveryItem>(true);
same<Out<typeof SourceItemSchema>, SourceItem>(true);
same<Out<typeof PollResultSchema>, PollResult>(true);
same<Out<typeof SourcePreviewSchema>, SourcePreview>(true);
same<Out<typeof ShiftPageResponse>["nextCursor"], ShiftPage["nextCursor"]>(true);
same<Out<typeof ErrorEnvelope>["error"]["code"], ErrorBody["error"]["code"]>(true);

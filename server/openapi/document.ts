import "server-only";
import { z } from "zod";
import { SignInBody, SignOutQuery } from "@/contracts/session";
import { ERROR_STATUS, type ErrorCode } from "../../contracts/errors";
import { EXPORT_CHARTS, EXPORT_FORMATS } from "../../contracts/export-names";
import {
  AlignmentQuery,
  CoderAgreementQuery,
  ExportQuery,
  IdParam,
  ReportsQuery,
  ReviewQueueQuery,
  ShiftsQuery,
  StancesQuery,
  SummaryQuery,
} from "../../contracts/filters";
import { NewReportBody } from "../../contracts/reports";
import { AddCodingBody, RevertBody, ReviewBody } from "../../contracts/review";
import { NewSourceBody, SourcePatchBody, SourcePreviewBody } from "../../contracts/sources";
import { NewTopicBody, TopicSuggestQuery } from "../../contracts/topics";
import { NewWebhookBody } from "../../contracts/webhooks";
import packageJson from "../../package.json";
import { SESSION_COOKIE } from "../http/auth";
import * as R from "./responses";

/**
 * `GET /api/openapi.json`: an OpenAPI 3.1 description of every route under app/api, built from the zod schemas
 * the routes parse their queries and bodies with (zod's own JSON Schema output, draft 2020-12, which is OpenAPI
 * 3.1's dialect) and from the answers of ./responses.ts. tests/unit/server/openapi.test.ts walks app/api and fails
 * when a route or a method is missing here, or described here without a handler.
 */

type JsonSchema = Record<string, unknown>;
type Method = "get" | "post" | "put" | "patch" | "delete";

/**
 * Who may call an operation. `read`: anyone, unless READ_TOKEN is set (then the read token, the admin token or a
 * session). `admin`: the admin token or an admin session. `public`: anyone, whatever READ_TOKEN says.
 * `signIn` and `signOut`: public, with the checks of the session routes.
 */
type Access = "read" | "admin" | "public" | "signIn" | "signOut";

type Media = { schema?: JsonSchema | z.ZodType; description?: string };

type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  /** The zod schema of the query string, as the route passes it to parseQuery. */
  query?: { name: string; schema: z.ZodType };
  /** The zod schema of the JSON body, as the route passes it to parseBody, and the size past which it is a 413. */
  body?: { name: string; schema: z.ZodType; maxBytes: number };
  /** Path parameters, as the route passes them to parseParam (or reads them itself). */
  path?: Record<string, { description: string; schema: JsonSchema | z.ZodType }>;
  /** The success answer: its status, words, and its media types (a zod schema, a JSON Schema or none). */
  success: {
    status: number;
    description: string;
    content: Record<string, Media>;
    headers?: Record<string, JsonSchema>;
  };
  /** The errors this operation can give beyond those its access, parameters and body imply, in its words. */
  errors?: Partial<Record<ErrorCode, string>>;
  /** Reads or writes the database: 503 when it is unreachable. */
  database?: boolean;
  /** Counted against the client's read or write rate (429 past it): all but /api/health. */
  rateLimited?: boolean;
};

// ---------------------------------------------------------------------------------------------------------------
// JSON Schema from zod

/** The values of the enum behind a schema that takes a string and lowers it into an enum (`stance=SUPPORT`). */
function enumBehind(schema: z.core.$ZodType, depth = 0): { values: string[]; list: boolean } | undefined {
  if (depth > 8) return undefined;
  const def = schema._zod.def as unknown as {
    type: string;
    entries?: Record<string, string>;
    in?: z.core.$ZodType;
    out?: z.core.$ZodType;
    element?: z.core.$ZodType;
    innerType?: z.core.$ZodType;
  };
  switch (def.type) {
    case "enum":
      return { values: Object.values(def.entries ?? {}).map(String), list: false };
    case "pipe":
      return (def.out && enumBehind(def.out, depth + 1)) ?? (def.in ? enumBehind(def.in, depth + 1) : undefined);
    case "array": {
      const inner = def.element && enumBehind(def.element, depth + 1);
      return inner && { ...inner, list: true };
    }
    case "optional":
    case "default":
    case "nullable":
      return def.innerType && enumBehind(def.innerType, depth + 1);
    default:
      return undefined;
  }
}

/**
 * zod's JSON Schema of a request (io "input": what the client sends, before transforms) or of an answer (io
 * "output"). A query value that is lowered into an enum stays a string in the input schema: its values are
 * named in its description, and a default is written as the client would send it.
 */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    override: ({ zodSchema, jsonSchema }) => {
      const def = zodSchema._zod.def as unknown as { type: string; defaultValue?: unknown };
      if (io === "input" && def.type === "default" && jsonSchema.default === undefined) {
        jsonSchema.default = def.defaultValue;
      }
      if (io !== "input" || jsonSchema.type !== "string" || jsonSchema.enum || jsonSchema.description) return;
      const loose = enumBehind(zodSchema);
      if (!loose) return;
      const values = loose.values.join(", ");
      jsonSchema.description = loose.list
        ? `A comma list of: ${values} (any letter case)`
        : `One of: ${values} (any letter case)`;
    },
  });
  return rest;
}

// ---------------------------------------------------------------------------------------------------------------
// Words

/** What each query parameter means, shared by every route that takes it (docs/api.md says the same). */
const PARAMETER_NOTES: Record<string, string> = {
  actor:
    "Actor codes as a comma list (`actor=TR,RU`); the parameter may also be repeated. Unknown codes are a 400 that lists the valid ones.",
  topic: "A topic's numeric id or its slug.",
  stance: "Stances as a comma list; the parameter may also be repeated.",
  status: "Review statuses as a comma list; rejected codings are left out unless asked for.",
  from: "YYYY-MM-DD, inclusive.",
  to: "YYYY-MM-DD, inclusive; not before `from`.",
  report: "Report ids as a comma list (at most 200).",
  source:
    "A summary source key, `report:<id>:<date>` or `cited:<outlet>:<date>`: the codings behind one matrix column.",
  outlet: "The outlet, ignoring case (for codings: the cited source's outlet when there is one, else the report's).",
  limit: "How many items per page (at most 1,000 for JSON; a CSV export takes any limit).",
  cursor: "The `nextCursor` of the previous page, unchanged.",
  format: "`csv` streams every matching row as RFC 4180 CSV instead of a JSON page.",
  by: "How the summary groups the codings.",
  maxGroups: "1-5000: past this many sources, reports or days, the summary groups by month instead.",
  minConfidence: "0..1: only shifts whose two codings are both at least this confident.",
  reviewed: "`true`: only shifts whose two codings an analyst confirmed, corrected or added.",
  maxConfidence: "0..1: leaves out codings more confident than this.",
  evidence: "`1` or `true` adds the evidence appendix to a CSV export.",
  language: "An ISO 639-1 code such as `en`.",
  title: 'A topic title, such as "Russia\'s invasion of Ukraine".',
  everywhere: "`true` (the admin token or an admin session) signs out every session issued until now.",
};

/** The default words of each error status (an operation may say more). */
const ERROR_WORDS: Record<ErrorCode, string> = {
  bad_request: "bad_request: an invalid parameter or body; the message says what to fix and `issues` names each field",
  unauthorized: "unauthorized: no token or session, or a wrong one",
  forbidden:
    "forbidden: a valid credential that may not do this (the read token, a read-only session, a cross-site cookie)",
  not_found: "not_found: no such item",
  method_not_allowed: "method_not_allowed: the route does not serve this method (`Allow` lists those it does)",
  conflict: "conflict: the request clashes with what is stored",
  payload_too_large: "payload_too_large: the body is over the limit and was not read",
  rate_limited: "rate_limited: too many requests from this client; `Retry-After` says when to try again",
  internal: "internal: something failed on the server; the error is logged, its text is never sent",
  unavailable: "unavailable: the database is not reachable right now; try again shortly",
};

const ERROR_RESPONSE_NAMES: Record<ErrorCode, string> = {
  bad_request: "BadRequest",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  not_found: "NotFound",
  method_not_allowed: "MethodNotAllowed",
  conflict: "Conflict",
  payload_too_large: "PayloadTooLarge",
  rate_limited: "RateLimited",
  internal: "Internal",
  unavailable: "Unavailable",
};

// ---------------------------------------------------------------------------------------------------------------
// The routes

const JSON_TYPE = "application/json";
const json = (schema: JsonSchema | z.ZodType, description?: string): Record<string, Media> => ({
  [JSON_TYPE]: { schema, description },
});
/** An answer described in words only: a JSON object whose fields docs/api.md lists. */
const object = (description: string): JsonSchema => ({ type: "object", description, additionalProperties: true });
const text = { type: "string" };

const codingId = { id: { description: "The coding's id", schema: IdParam } };
const reportId = { id: { description: "The report's id", schema: IdParam } };
const webhookId = { id: { description: "The webhook's id", schema: IdParam } };
const sourceId = { id: { description: "The source's id", schema: IdParam } };

const location = { Location: { $ref: "#/components/headers/Location" } };
const setCookie = { "Set-Cookie": { $ref: "#/components/headers/SetCookie" } };

const EXPORT_FILES = EXPORT_CHARTS.flatMap((chart) => EXPORT_FORMATS.map((format) => `${chart}.${format}`));

/** Every route under app/api, by its path, with the operations its handlers serve. */
const ROUTES: Record<string, Partial<Record<Method, Operation>>> = {
  "/api/health": {
    get: {
      operationId: "getHealth",
      summary: "Whether the server and its database answer",
      description: "Public whatever READ_TOKEN says and never rate limited: load balancers and monitors probe it.",
      tag: "meta",
      access: "public",
      rateLimited: false,
      database: true,
      success: { status: 200, description: "The server and its database answer", content: json(R.HealthResponse) },
    },
  },
  "/api/openapi.json": {
    get: {
      operationId: "getOpenApiDocument",
      summary: "This document",
      tag: "meta",
      access: "read",
      success: {
        status: 200,
        description: "The OpenAPI 3.1 description of the API",
        content: json(object("An OpenAPI 3.1 document")),
      },
    },
  },
  "/api/session": {
    get: {
      operationId: "getSession",
      summary: "Whether this browser is signed in, and whether the server takes writes",
      tag: "session",
      access: "public",
      success: { status: 200, description: "The session state", content: json(R.SessionResponse) },
    },
    post: {
      operationId: "signIn",
      summary: "Sign the browser in",
      description:
        "The token is checked and replaced by an httpOnly session cookie (read-only for READ_TOKEN). Five wrong tokens from one client (an IPv6 client by its /64), or more than 60 a minute from everyone, are a 429 with Retry-After.",
      tag: "session",
      access: "signIn",
      body: { name: "SignInBody", schema: SignInBody, maxBytes: 8_000 },
      success: {
        status: 200,
        description: "Signed in: the session cookie is set",
        content: json(R.SessionResponse),
        headers: setCookie,
      },
      errors: {
        unauthorized: "The token is wrong, or the server has no token to sign in with",
        forbidden: "A sign-in sent from another site",
        rate_limited: "Too many wrong tokens; `Retry-After` says when to try again",
      },
    },
    delete: {
      operationId: "signOut",
      summary: "Sign the browser out, on the server too",
      description:
        "The cookie's session is revoked, so a copy of it no longer reads or writes. `everywhere=true` (the admin token or an admin session) revokes every session issued until now.",
      tag: "session",
      access: "signOut",
      query: { name: "SignOutQuery", schema: SignOutQuery },
      database: true,
      success: {
        status: 200,
        description: "Signed out: the cookie is cleared",
        content: json(R.SessionResponse),
        headers: setCookie,
      },
    },
  },
  "/api/actors": {
    get: {
      operationId: "listActors",
      summary: "The actors and their aliases",
      tag: "reference",
      access: "read",
      database: true,
      success: { status: 200, description: "Every actor, in display order", content: json(R.ActorList) },
    },
  },
  "/api/outlets": {
    get: {
      operationId: "listOutlets",
      summary: "Every outlet named by a report or a citation",
      tag: "reference",
      access: "read",
      database: true,
      success: { status: 200, description: "The outlets with their counts", content: json(R.OutletList) },
    },
  },
  "/api/topics": {
    get: {
      operationId: "listTopics",
      summary: "The topics reports are filed under",
      tag: "topics",
      access: "read",
      database: true,
      success: { status: 200, description: "Every topic with its counts", content: json(R.TopicList) },
    },
    post: {
      operationId: "addTopic",
      summary: "Add a topic",
      description:
        'The acting party and its targets left out are read from the title ("Russia\'s invasion of Ukraine": Russia, Ukraine); a title that names no known party without `actingParty` is a 400. The slug defaults to the title in lowercase ASCII with hyphens.',
      tag: "topics",
      access: "admin",
      database: true,
      body: { name: "NewTopicBody", schema: NewTopicBody, maxBytes: 200_000 },
      success: {
        status: 201,
        description: "The topic item (reportCount and codingCount 0)",
        content: json(R.TopicItemSchema),
      },
      errors: { conflict: "The slug is taken: `topicId` names the topic that has it" },
    },
  },
  "/api/topics/suggest": {
    get: {
      operationId: "suggestTopicParties",
      summary: "The parties a topic title names, as POST /api/topics would fill them",
      tag: "topics",
      access: "read",
      database: true,
      query: { name: "TopicSuggestQuery", schema: TopicSuggestQuery },
      success: {
        status: 200,
        description: "The parties read from the title",
        content: json(R.TopicSuggestionResponse),
      },
    },
  },
  "/api/reports": {
    get: {
      operationId: "listReports",
      summary: "Reports, newest first, a page at a time",
      tag: "reports",
      access: "read",
      database: true,
      query: { name: "ReportsQuery", schema: ReportsQuery },
      success: { status: 200, description: "A page of reports", content: json(R.ReportPage) },
    },
    post: {
      operationId: "addReport",
      summary: "Store a report and code it at once",
      description:
        "`publishedOn` is YYYY-MM-DD, or YYYY-MM when only the month is known; `language` two letters (default `en`); `topic` an existing topic's id or slug; `text` up to 1 MB. One transaction: a refused report writes nothing.",
      tag: "reports",
      access: "admin",
      database: true,
      body: { name: "NewReportBody", schema: NewReportBody, maxBytes: 3_000_000 },
      success: {
        status: 201,
        description: "The stored report, its automatic codings and the label per actor; `Location` names it",
        content: json(R.IngestResponse),
        headers: location,
      },
      errors: {
        conflict: "The same text is already stored: `reportId` names the report",
        bad_request: "An invalid body, an unknown topic, or evidence the coder could not place",
      },
    },
  },
  "/api/reports/preview": {
    post: {
      operationId: "previewReport",
      summary: "Code a report without storing it",
      description: "The same body as POST /api/reports.",
      tag: "reports",
      access: "admin",
      database: true,
      body: { name: "NewReportBody", schema: NewReportBody, maxBytes: 3_000_000 },
      success: {
        status: 200,
        description: "What the coder finds in the text",
        content: json(
          object(
            "`{ topicId, topicSlug, text, statements, reportStances, citations }`: the coder's statements (actor, stance, evidence span, confidence, explanation), the label per actor and the cited sources",
          ),
        ),
      },
    },
  },
  "/api/reports/{id}": {
    get: {
      operationId: "getReport",
      summary: "One report with its body, cited sources and codings",
      tag: "reports",
      access: "read",
      database: true,
      path: reportId,
      success: { status: 200, description: "The report", content: json(R.ReportDetailResponse) },
      errors: { not_found: "No report with this id" },
    },
  },
  "/api/stances": {
    get: {
      operationId: "listStances",
      summary: "Codings, oldest statement first, a page at a time (or every matching row as CSV)",
      tag: "codings",
      access: "read",
      database: true,
      query: { name: "StancesQuery", schema: StancesQuery },
      success: {
        status: 200,
        description: "A page of stance items; with `format=csv`, every matching row (or the first `limit`) as CSV",
        content: {
          ...json(R.StancePageResponse),
          "text/csv": {
            schema: text,
            description: "RFC 4180 with a header row; cells a spreadsheet would run as formulas are prefixed with '",
          },
        },
      },
    },
    post: {
      operationId: "addCoding",
      summary: "Add a coding the automatic coder missed",
      description:
        "Coder `analyst`, confidence 1, status `confirmed`; dated by `statementDate`, else its cited source, else its report.",
      tag: "review",
      access: "admin",
      database: true,
      body: { name: "AddCodingBody", schema: AddCodingBody, maxBytes: 64_000 },
      success: { status: 201, description: "The stance item", content: json(R.StanceItemSchema) },
      errors: {
        bad_request: "An invalid body, an unknown report or actor, or a span outside the report",
        conflict: "That actor already has a coding on that span",
      },
    },
  },
  "/api/stances/summary": {
    get: {
      operationId: "summarizeStances",
      summary: "Stance counts per source, report, day, month or outlet and actor",
      tag: "codings",
      access: "read",
      database: true,
      query: { name: "SummaryQuery", schema: SummaryQuery },
      success: {
        status: 200,
        description: "The groups with their counts and net score",
        content: json(R.SummaryResponse),
      },
    },
  },
  "/api/stances/{id}": {
    patch: {
      operationId: "reviewCoding",
      summary: "Confirm, correct or reject a coding",
      description:
        "`confirm` and `reject` take only a note; `correct` changes one or more of stance, statementDate, the evidence span and citedSourceId, and must change something. One transaction that also appends a revision.",
      tag: "review",
      access: "admin",
      database: true,
      path: codingId,
      body: { name: "ReviewBody", schema: ReviewBody, maxBytes: 64_000 },
      success: {
        status: 200,
        description: "The updated stance item with `revision`, the id of the revision it wrote",
        content: json(R.ReviewedItemSchema),
      },
      errors: {
        not_found: "No coding with this id",
        conflict: "The coding no longer has `expectedStatus`: another analyst decided meanwhile; nothing changed",
      },
    },
  },
  "/api/stances/{id}/revert": {
    post: {
      operationId: "revertCoding",
      summary: "Undo the coding's latest review, as a revision of its own",
      tag: "review",
      access: "admin",
      database: true,
      path: codingId,
      body: { name: "RevertBody", schema: RevertBody, maxBytes: 16_000 },
      success: {
        status: 200,
        description: "The stance item with `revision`, the id of the revision written",
        content: json(R.ReviewedItemSchema),
      },
      errors: {
        not_found: "No coding with this id",
        conflict: "The coding has no review to undo, or its latest revision is not `revision`",
      },
    },
  },
  "/api/stances/{id}/revisions": {
    get: {
      operationId: "listRevisions",
      summary: "A coding's revisions, oldest first",
      tag: "review",
      access: "read",
      database: true,
      path: codingId,
      success: { status: 200, description: "The revisions", content: json(R.RevisionList) },
      errors: { not_found: "No coding with this id" },
    },
  },
  "/api/alignment": {
    get: {
      operationId: "getAlignment",
      summary: "For each pair of actors, how often they take the same stance in a report",
      tag: "codings",
      access: "read",
      database: true,
      query: { name: "AlignmentQuery", schema: AlignmentQuery },
      success: { status: 200, description: "The actor pairs", content: json(R.AlignmentResponse) },
    },
  },
  "/api/coder/agreement": {
    get: {
      operationId: "getCoderAgreement",
      summary: "The automatic coder against the analysts over reviewed codings",
      tag: "review",
      access: "read",
      database: true,
      query: { name: "CoderAgreementQuery", schema: CoderAgreementQuery },
      success: {
        status: 200,
        description: "The agreement report",
        content: json(
          object(
            "`{ n, rawAgreement, kappa, labels, confusion, perStance, perActor }`: Cohen's kappa and the confusion table of the coder's first label against the analyst's; figures are null with no codings",
          ),
        ),
      },
    },
  },
  "/api/review-queue": {
    get: {
      operationId: "getReviewQueue",
      summary: "Automatic codings no analyst has decided on, least confident first",
      tag: "review",
      access: "admin",
      database: true,
      query: { name: "ReviewQueueQuery", schema: ReviewQueueQuery },
      success: { status: 200, description: "A page of the queue", content: json(R.ReviewQueueResponse) },
    },
  },
  "/api/shifts": {
    get: {
      operationId: "listShifts",
      summary: "Stance shifts, newest first, a page at a time",
      tag: "shifts",
      access: "read",
      database: true,
      query: { name: "ShiftsQuery", schema: ShiftsQuery },
      success: {
        status: 200,
        description:
          "A page of shifts: `{ id, actor, actorName, topicId, topicSlug, topicTitle, from, to, fromDate, fromDatePrecision, toDate, toDatePrecision, magnitude, evidence: { before, after } }`",
        content: json(R.ShiftPageResponse),
      },
    },
  },
  "/api/shifts/feed": {
    get: {
      operationId: "getShiftsFeed",
      summary: "The same shifts as an Atom 1.0 feed",
      description: "The latest 200 shifts unless `limit` says otherwise.",
      tag: "shifts",
      access: "read",
      database: true,
      query: { name: "ShiftsQuery", schema: ShiftsQuery },
      success: {
        status: 200,
        description: "An Atom 1.0 feed",
        content: { "application/atom+xml": { schema: text } },
      },
    },
  },
  "/api/export/{file}": {
    get: {
      operationId: "exportChart",
      summary: "A dashboard chart's file under the dashboard's filters",
      tag: "export",
      access: "read",
      database: true,
      query: { name: "ExportQuery", schema: ExportQuery },
      path: {
        file: {
          description: "`<chart>.<format>`",
          schema: { type: "string", enum: EXPORT_FILES },
        },
      },
      success: {
        status: 200,
        description: "The file, as an attachment",
        headers: { "Content-Disposition": { $ref: "#/components/headers/ContentDisposition" } },
        content: {
          "image/svg+xml": { schema: text, description: "The chart as a standalone SVG" },
          "image/png": { description: "The chart as PNG, at twice the SVG's width" },
          "text/csv": { schema: text, description: "The chart's data; `evidence=1` appends the evidence behind it" },
          [JSON_TYPE]: { schema: object("The chart's data, as the dashboard draws it") },
        },
      },
      errors: {
        not_found: "No such chart or format",
        unavailable: "The database is not reachable, or the server is too busy drawing files (try again shortly)",
      },
    },
  },
  "/api/webhooks": {
    get: {
      operationId: "listWebhooks",
      summary: "The registered webhooks",
      description: "Admin only: their URLs may carry secrets of the receiver.",
      tag: "webhooks",
      access: "admin",
      database: true,
      success: { status: 200, description: "The webhooks", content: json(R.WebhookList) },
    },
    post: {
      operationId: "addWebhook",
      summary: "Register a URL to receive a JSON POST for every new stance shift",
      description:
        'Each delivery carries `X-Stancewatch-Timestamp` and `X-Stancewatch-Signature: sha256=<HMAC-SHA256 of "<timestamp>.<body>">`; a payload is `{ event: "shift.created", reason, summary, shift }`, or, when a source fails three times in a row, `{ event: "source.failed", summary, source: { id, name, url, topic }, consecutiveFailures, lastError, at }`.',
      tag: "webhooks",
      access: "admin",
      database: true,
      body: { name: "NewWebhookBody", schema: NewWebhookBody, maxBytes: 16_000 },
      success: {
        status: 201,
        description: "The webhook with its signing `secret` (shown this once); `Location` names it",
        content: json(R.WebhookCreated),
        headers: location,
      },
      errors: {
        bad_request:
          "An invalid body, or a URL that names or resolves to this machine or a private network (unless the server runs with ALLOW_PRIVATE_URLS=1)",
      },
    },
  },
  "/api/webhooks/{id}": {
    delete: {
      operationId: "deleteWebhook",
      summary: "Remove a webhook and its delivery log",
      tag: "webhooks",
      access: "admin",
      database: true,
      path: webhookId,
      success: { status: 200, description: "The id of the removed webhook", content: json(R.WebhookDeleted) },
      errors: { not_found: "No webhook with this id" },
    },
  },
  "/api/webhooks/{id}/deliveries": {
    get: {
      operationId: "listDeliveries",
      summary: "A webhook's delivery log, newest first",
      tag: "webhooks",
      access: "admin",
      database: true,
      path: webhookId,
      success: { status: 200, description: "The deliveries with each try", content: json(R.DeliveryList) },
      errors: { not_found: "No webhook with this id" },
    },
  },
  "/api/sources": {
    get: {
      operationId: "listSources",
      summary: "The feeds followed, with the state of their polling",
      description:
        "Admin only: the list shows operational detail (feed addresses, errors). `broken` is true after three failures in a row.",
      tag: "sources",
      access: "admin",
      database: true,
      success: { status: 200, description: "The sources, oldest first", content: json(R.SourceList) },
    },
    post: {
      operationId: "addSource",
      summary: "Follow a feed (RSS 2.0, Atom 1.0 or JSON Feed): its new articles become reports of a topic",
      description:
        "The feed is fetched once: a page that is not a feed, or an address that does not answer, is a 400 saying so. The source is due at once: the poller adds its current items within seconds. Each item is kept when its title and text name one of `match` (whole words, any case), or with no terms one of the topic's parties.",
      tag: "sources",
      access: "admin",
      database: true,
      body: { name: "NewSourceBody", schema: NewSourceBody, maxBytes: 32_000 },
      success: {
        status: 201,
        description: "The source; `Location` names it",
        content: json(R.SourceItemSchema),
        headers: location,
      },
      errors: {
        bad_request:
          "An invalid body, an unknown topic, a URL that names or resolves to this machine or a private network (unless the server runs with ALLOW_PRIVATE_URLS=1), or a URL that is not a feed or cannot be read",
        conflict: "The feed is already a source of this topic",
      },
    },
  },
  "/api/sources/preview": {
    post: {
      operationId: "previewSource",
      summary: "A feed's latest items and whether each would become a report; nothing is stored",
      tag: "sources",
      access: "admin",
      database: true,
      body: { name: "SourcePreviewBody", schema: SourcePreviewBody, maxBytes: 32_000 },
      success: { status: 200, description: "The feed's latest ten items", content: json(R.SourcePreviewSchema) },
      errors: {
        bad_request: "An invalid body, an unknown topic, a URL refused, or a URL that is not a feed or cannot be read",
      },
    },
  },
  "/api/sources/{id}": {
    get: {
      operationId: "getSource",
      summary: "One source with the state of its polling",
      tag: "sources",
      access: "admin",
      database: true,
      path: sourceId,
      success: { status: 200, description: "The source", content: json(R.SourceItemSchema) },
      errors: { not_found: "No source with this id" },
    },
    patch: {
      operationId: "updateSource",
      summary: "Pause or resume a source, or change its interval, match terms or name",
      description:
        "Pausing clears `nextPollAt`; resuming makes the source due at once; a new interval counts from the last poll. `match: null` (or `[]`) removes the terms.",
      tag: "sources",
      access: "admin",
      database: true,
      path: sourceId,
      body: { name: "SourcePatchBody", schema: SourcePatchBody, maxBytes: 32_000 },
      success: { status: 200, description: "The source as changed", content: json(R.SourceItemSchema) },
      errors: { not_found: "No source with this id" },
    },
    delete: {
      operationId: "deleteSource",
      summary: "Stop following a feed; the reports it added stay",
      tag: "sources",
      access: "admin",
      database: true,
      path: sourceId,
      success: { status: 200, description: "The id of the removed source", content: json(R.SourceDeleted) },
      errors: { not_found: "No source with this id" },
    },
  },
  "/api/sources/{id}/poll": {
    post: {
      operationId: "pollSource",
      summary: "Poll a source now (paused or not)",
      description:
        "Answers what the poll did with the feed's new items. A feed that fails (unreachable, an HTTP error, not a feed) is still a 200 with nothing added: the source's `lastStatus` becomes `error` and `lastError` says why, as for the background poller's polls. A poll already under way is waited for.",
      tag: "sources",
      access: "admin",
      database: true,
      path: sourceId,
      success: { status: 200, description: "The counts of the poll", content: json(R.PollResultSchema) },
      errors: {
        not_found: "No source with this id",
        conflict: "Another poll of this source was still running after a minute",
      },
    },
  },
};

/** The answers named in components.schemas, by the zod schema they come from. */
const RESPONSE_SCHEMAS: Record<string, z.ZodType> = {
  ErrorEnvelope: R.ErrorEnvelope,
  Health: R.HealthResponse,
  Session: R.SessionResponse,
  ActorList: R.ActorList,
  OutletList: R.OutletList,
  Summary: R.SummaryResponse,
  Alignment: R.AlignmentResponse,
  StanceItem: R.StanceItemSchema,
  StancePage: R.StancePageResponse,
  ReviewedItem: R.ReviewedItemSchema,
  ReviewQueue: R.ReviewQueueResponse,
  RevisionList: R.RevisionList,
  ReportPage: R.ReportPage,
  ReportDetail: R.ReportDetailResponse,
  IngestResult: R.IngestResponse,
  TopicItem: R.TopicItemSchema,
  TopicList: R.TopicList,
  TopicSuggestion: R.TopicSuggestionResponse,
  WebhookItem: R.WebhookItemSchema,
  WebhookList: R.WebhookList,
  WebhookCreated: R.WebhookCreated,
  WebhookDeleted: R.WebhookDeleted,
  DeliveryList: R.DeliveryList,
  SourceItem: R.SourceItemSchema,
  SourceList: R.SourceList,
  SourceDeleted: R.SourceDeleted,
  PollResult: R.PollResultSchema,
  SourcePreview: R.SourcePreviewSchema,
  ShiftPage: R.ShiftPageResponse,
};

// ---------------------------------------------------------------------------------------------------------------
// Assembly

type Components = {
  schemas: Record<string, JsonSchema>;
  responses: Record<string, JsonSchema>;
  headers: Record<string, JsonSchema>;
  parameters: Record<string, JsonSchema>;
  securitySchemes: Record<string, JsonSchema>;
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A schema for the document: a component reference when the zod schema is one of the named answers. */
function schemaFor(schema: JsonSchema | z.ZodType, io: "input" | "output"): JsonSchema {
  if (!(schema instanceof z.ZodType)) return schema;
  const named = Object.entries(RESPONSE_SCHEMAS).find(([, s]) => s === schema)?.[0];
  if (named) return ref(named);
  return jsonSchemaOf(schema, io);
}

function register(components: Components, name: string, schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const converted = jsonSchemaOf(schema, io);
  const known = components.schemas[name];
  if (known && JSON.stringify(known) !== JSON.stringify(converted)) {
    throw new Error(`openapi: two different schemas are named ${name}`);
  }
  components.schemas[name] = converted;
  return converted;
}

function security(access: Access): Record<string, string[]>[] {
  const anyone = {};
  switch (access) {
    case "read":
      return [anyone, { readToken: [] }, { adminToken: [] }, { session: [] }];
    case "admin":
      return [{ adminToken: [] }, { session: [] }];
    case "signOut":
      return [anyone, { adminToken: [] }, { session: [] }];
    case "public":
    case "signIn":
      return [anyone];
  }
}

/** The errors an operation can give: those its access, parameters and body imply, and its own. */
function errorsOf(op: Operation): Map<ErrorCode, string | undefined> {
  const errors = new Map<ErrorCode, string | undefined>();
  const add = (code: ErrorCode, words?: string) => errors.set(code, words ?? errors.get(code));
  if (op.query || op.body || op.path) add("bad_request");
  if (op.access === "read") add("unauthorized", "READ_TOKEN is set and the request has no valid token or session");
  if (op.access === "admin") {
    add("unauthorized", "No admin token or session, a wrong one, or a server without ADMIN_TOKEN");
    add("forbidden", "The read token, a read-only session, or a session cookie sent from another site");
  }
  if (op.access === "signOut") {
    add("unauthorized", "`everywhere=true` without the admin token or an admin session");
    add("forbidden", "`everywhere=true` with a read-only credential or from another site");
  }
  if (op.path) add("not_found");
  if (op.body) add("payload_too_large", `The body is over ${op.body.maxBytes} bytes; it was not read`);
  if (op.rateLimited !== false) add("rate_limited");
  add("internal");
  if (op.database) add("unavailable");
  for (const [code, words] of Object.entries(op.errors ?? {}) as [ErrorCode, string][]) add(code, words);
  return new Map([...errors].sort(([a], [b]) => ERROR_STATUS[a] - ERROR_STATUS[b]));
}

function errorResponse(code: ErrorCode, words: string | undefined): JsonSchema {
  const name = ERROR_RESPONSE_NAMES[code];
  if (words === undefined) return { $ref: `#/components/responses/${name}` };
  return {
    description: `${code}: ${words}`,
    ...(code === "rate_limited" ? { headers: { "Retry-After": { $ref: "#/components/headers/RetryAfter" } } } : {}),
    content: { [JSON_TYPE]: { schema: ref("ErrorEnvelope") } },
  };
}

function parametersOf(method: Method, op: Operation, components: Components): JsonSchema[] {
  const parameters: JsonSchema[] = [];
  for (const [name, param] of Object.entries(op.path ?? {})) {
    parameters.push({
      name,
      in: "path",
      required: true,
      description: param.description,
      schema: schemaFor(param.schema, "input"),
    });
  }
  if (op.query) {
    const query = register(components, op.query.name, op.query.schema, "input");
    const properties = (query.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((query.required ?? []) as string[]);
    for (const [name, schema] of Object.entries(properties)) {
      parameters.push({
        name,
        in: "query",
        required: required.has(name),
        ...(PARAMETER_NOTES[name] ? { description: PARAMETER_NOTES[name] } : {}),
        schema,
      });
    }
  }
  if (method === "get" && op.success.content[JSON_TYPE]) {
    parameters.push({ $ref: "#/components/parameters/IfNoneMatch" });
  }
  return parameters;
}

function operationOf(method: Method, op: Operation, components: Components): JsonSchema {
  const content: Record<string, JsonSchema> = {};
  for (const [type, media] of Object.entries(op.success.content)) {
    // A media type has no description of its own: its words go on its schema (beside a $ref, as 3.1 allows).
    const schema = media.schema ? schemaFor(media.schema, "output") : undefined;
    const words = media.description ? { description: media.description } : {};
    content[type] = schema || media.description ? { schema: { ...schema, ...words } } : {};
  }

  const headers: Record<string, JsonSchema> = { ...(op.success.headers ?? {}) };
  const servesJson = Boolean(op.success.content[JSON_TYPE]);
  if (method === "get" && servesJson) headers.ETag = { $ref: "#/components/headers/ETag" };
  const responses: Record<string, JsonSchema> = {
    [String(op.success.status)]: {
      description: op.success.description,
      ...(Object.keys(headers).length ? { headers } : {}),
      content,
    },
  };
  if (method === "get" && servesJson) responses["304"] = { $ref: "#/components/responses/NotModified" };
  for (const [code, words] of errorsOf(op)) responses[String(ERROR_STATUS[code])] = errorResponse(code, words);

  const parameters = parametersOf(method, op, components);
  const operation: JsonSchema = {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    security: security(op.access),
    ...(parameters.length ? { parameters } : {}),
  };
  if (op.body) {
    register(components, op.body.name, op.body.schema, "input");
    operation.requestBody = {
      required: true,
      description: `JSON, at most ${op.body.maxBytes} bytes. Unknown fields, NUL characters and lone surrogates are refused.`,
      content: { [JSON_TYPE]: { schema: ref(op.body.name) } },
    };
  }
  operation.responses = responses;
  return operation;
}

function build() {
  const components: Components = {
    schemas: {},
    responses: {},
    headers: {
      ETag: { description: "A digest of the body: send it back in If-None-Match", schema: text },
      RetryAfter: { description: "Seconds to wait before trying again", schema: { type: "integer" } },
      Location: { description: "The path of the item made", schema: text },
      SetCookie: {
        description: `The httpOnly session cookie (${SESSION_COOKIE}, or __Host-${SESSION_COOKIE} on an https site)`,
        schema: text,
      },
      ContentDisposition: { description: "attachment, with the file's name", schema: text },
    },
    parameters: {
      IfNoneMatch: {
        name: "If-None-Match",
        in: "header",
        required: false,
        description: "The ETag of an earlier answer: when nothing changed, the answer is a bodiless 304",
        schema: text,
      },
    },
    securitySchemes: {
      adminToken: {
        type: "http",
        scheme: "bearer",
        description: "`Authorization: Bearer <ADMIN_TOKEN>`: writes, and reads when READ_TOKEN is set",
      },
      readToken: {
        type: "http",
        scheme: "bearer",
        description: "`Authorization: Bearer <READ_TOKEN>`: reads only, when the server has READ_TOKEN set",
      },
      session: {
        type: "apiKey",
        in: "cookie",
        name: SESSION_COOKIE,
        description: `The httpOnly cookie POST /api/session sets (__Host-${SESSION_COOKIE} on an https site): an admin session writes, a read-only one reads; a write that carries it must come from this site`,
      },
    },
  };
  for (const [name, schema] of Object.entries(RESPONSE_SCHEMAS)) register(components, name, schema, "output");
  for (const code of Object.keys(ERROR_STATUS) as ErrorCode[]) {
    components.responses[ERROR_RESPONSE_NAMES[code]] = {
      description: ERROR_WORDS[code],
      ...(code === "rate_limited" ? { headers: { "Retry-After": { $ref: "#/components/headers/RetryAfter" } } } : {}),
      content: { [JSON_TYPE]: { schema: ref("ErrorEnvelope") } },
    };
  }
  components.responses.NotModified = {
    description: "The answer has not changed since the ETag sent in If-None-Match",
    headers: { ETag: { $ref: "#/components/headers/ETag" } },
  };

  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [path, operations] of Object.entries(ROUTES)) {
    paths[path] = {};
    for (const [method, op] of Object.entries(operations) as [Method, Operation][]) {
      paths[path][method] = operationOf(method, op, components);
    }
  }

  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Stancewatch",
      version: packageJson.version,
      summary: packageJson.description,
      description: [
        "JSON in and out (`Content-Type: application/json; charset=utf-8`), except the CSV, chart and feed files.",
        "Every error is `{ error: { code, message, issues? } }` with its status (the ErrorEnvelope schema); any path under /api that no route serves is a 404 in it, and a route answers the methods it does not serve with 405 and `Allow`.",
        "Writes need the admin token or an admin session. With READ_TOKEN set, every read but /api/health and /api/session needs a token or a session too.",
        "JSON reads carry an ETag and `Cache-Control: private, no-cache` (send the ETag in If-None-Match: 304 when unchanged); every answer carries `Server-Timing: handler;dur=<ms>`.",
        "Query and body schemas are generated from the zod schemas the routes validate with; checks zod cannot express in JSON Schema (dates, ranges, cross-field rules) are enforced by the server with a 400 that says what to fix.",
      ].join("\n\n"),
    },
    servers: [{ url: "/" }],
    tags: [
      { name: "codings", description: "Stance codings and their aggregates" },
      { name: "review", description: "Analysts' review of the codings" },
      { name: "reports", description: "Reports and their automatic coding" },
      { name: "topics", description: "The topics reports are filed under" },
      { name: "shifts", description: "Changes of an actor's stance" },
      { name: "export", description: "Chart files" },
      { name: "webhooks", description: "Shift notifications" },
      { name: "sources", description: "Feeds followed: their new articles become reports" },
      { name: "reference", description: "Actors and outlets" },
      { name: "session", description: "Signing a browser in and out" },
      { name: "meta", description: "Health and this document" },
    ],
    paths,
    components,
  };
}

export type OpenApiDocument = ReturnType<typeof build>;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

let cached: OpenApiDocument | undefined;

/** The document, built on first use and kept (it changes only with the code). */
export function openApiDocument(): OpenApiDocument {
  cached ??= deepFreeze(build());
  return cached;
}

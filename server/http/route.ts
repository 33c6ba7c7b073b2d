import { createHash } from "node:crypto";
import { z } from "zod";
import { ApiError, asApiError, zodIssues } from "../../contracts/errors";
import { searchParamsToObject } from "../../contracts/filters";
import { loggable } from "../log";
import { readsNeedToken, requireReader, SESSION_COOKIE, servedOnHttps } from "./auth";
import { limitReads, limitWrites } from "./rate-limit";
import { HSTS } from "./security-headers";
import { freshRevocations } from "./session-revocations";

/** Helpers for route handlers: validate, respond, and turn every failure into the one error envelope. */

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

function failValidation(error: z.ZodError, what: string, allowed?: string[]): never {
  const issues = zodIssues(error, what === "body" ? "field" : "parameter");
  let message = `Invalid ${what}: ${issues.map((i) => (i.path === "(root)" ? i.message : `${i.path}: ${i.message}`)).join("; ")}`;
  if (allowed && error.issues.some((i) => i.code === "unrecognized_keys")) {
    message += `. Accepted ${what === "body" ? "fields" : "parameters"}: ${allowed.join(", ")}`;
  }
  throw new ApiError("bad_request", message, { issues });
}

function shapeKeys(schema: z.ZodType): string[] | undefined {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
}

/** Parameters that take a comma list and may also be repeated (`actor=TR&actor=RU`). */
const LIST_PARAMS = new Set(["actor", "stance", "status", "report"]);

export function parseQuery<T extends z.ZodType>(request: Request, schema: T): z.infer<T> {
  const search = new URL(request.url).searchParams;
  for (const [key, value] of search) {
    // PostgreSQL text cannot hold NUL: refuse it here rather than fail in the query.
    if (value.includes("\u0000") || key.includes("\u0000")) {
      throw new ApiError("bad_request", `Invalid query: ${key.replaceAll("\u0000", "")} contains a NUL character`, {
        issues: [{ path: key.replaceAll("\u0000", ""), message: "contains a NUL character" }],
      });
    }
    if (!LIST_PARAMS.has(key) && search.getAll(key).length > 1) {
      throw new ApiError("bad_request", `Invalid query: ${key} was given more than once; give it once`, {
        issues: [{ path: key, message: "given more than once" }],
      });
    }
  }
  const params = searchParamsToObject(search);
  const result = schema.safeParse(params);
  if (!result.success) failValidation(result.error, "query", shapeKeys(schema));
  return result.data;
}

/** Request bodies above this are refused with 413 before they are parsed (a report's text may be up to 1 MB). */
export const MAX_BODY_BYTES = 1_200_000;

/** How deep a body's objects and arrays may nest: the deepest body the API takes is three levels. */
export const MAX_JSON_DEPTH = 32;
/** How many object keys and array items a body may hold in all. */
export const MAX_JSON_NODES = 50_000;
/** Half of a surrogate pair ("\ud800" in JSON): PostgreSQL's jsonb and text refuse it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Keys that name JavaScript's object machinery: never data, refused wherever they appear. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

function badBody(message: string, path = "(root)", issue = message): ApiError {
  return new ApiError("bad_request", `Invalid body: ${message}`, { issues: [{ path, message: issue }] });
}

/**
 * The nesting depth of a JSON text, read in one pass without recursion, so that a body of twenty thousand
 * brackets is a 400 before any parser or validator recurses into it.
 */
function assertShallow(raw: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // a backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_JSON_DEPTH) throw badBody(`objects and arrays nest deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (c === 125 || c === 93) depth--;
  }
}

/**
 * Walks a parsed body without recursion: a NUL character anywhere (PostgreSQL text cannot hold it), more than
 * MAX_JSON_NODES keys and items, or a key such as `__proto__` are refused with the path where they are.
 */
function assertPlainData(value: unknown): void {
  const stack: [unknown, string][] = [[value, ""]];
  let nodes = 0;
  while (stack.length > 0) {
    const [v, path] = stack.pop() as [unknown, string];
    if (typeof v === "string") {
      if (LONE_SURROGATE.test(v)) {
        throw badBody(
          `${path || "(root)"} holds half of a UTF-16 surrogate pair; send valid Unicode`,
          path || "(root)",
        );
      }
      if (v.includes("\u0000")) {
        throw badBody(
          `${path || "(root)"} contains a NUL character; remove it`,
          path || "(root)",
          "contains a NUL character",
        );
      }
      continue;
    }
    if (!v || typeof v !== "object") continue;
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    nodes += entries.length;
    if (nodes > MAX_JSON_NODES) throw badBody(`it holds more than ${MAX_JSON_NODES} keys and items`);
    for (const [k, x] of entries) {
      const at = path ? `${path}.${k}` : k;
      if (k.includes("\u0000")) throw badBody(`a key of ${path || "the body"} contains a NUL character`, at);
      if (LONE_SURROGATE.test(k)) throw badBody(`a key of ${path || "the body"} is not valid Unicode`, at);
      if (FORBIDDEN_KEYS.has(k)) throw badBody(`"${k}" is not a field name this API takes`, at);
      stack.push([x, at]);
    }
  }
}

/**
 * Reads a JSON body and validates it: 413 past `maxBytes`, 400 for a body that is not JSON, carries a NUL
 * character (PostgreSQL text cannot hold it) or fails the schema, with a message that says what to fix.
 */
export async function parseBody<T extends z.ZodType>(
  request: Request,
  schema: T,
  maxBytes = MAX_BODY_BYTES,
): Promise<z.infer<T>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError("bad_request", "Send the body as JSON with Content-Type: application/json");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    throw new ApiError("payload_too_large", `The body is ${declared} bytes; the limit is ${maxBytes} bytes`);
  }
  const raw = await readLimited(request, maxBytes);
  assertShallow(raw);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ApiError("bad_request", "The body is not valid JSON");
  }
  assertPlainData(value);
  const result = schema.safeParse(value);
  if (!result.success) failValidation(result.error, "body", shapeKeys(schema));
  return result.data;
}

async function readLimited(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ApiError("payload_too_large", `The body is over the limit of ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function parseParam<T extends z.ZodType>(value: string, schema: T, name: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = zodIssues(result.error).map((i) => ({ ...i, path: name }));
    throw new ApiError("bad_request", `Invalid ${name} "${value}": ${issues[0]?.message ?? "bad value"}`, { issues });
  }
  return result.data;
}

/** The text of each JSON response made here, so its ETag is taken without reading the body back. */
const jsonBodies = new WeakMap<Response, string>();

export function json(data: unknown, init?: ResponseInit): Response {
  const headers = new Headers(init?.headers);
  for (const [k, v] of Object.entries(JSON_HEADERS)) headers.set(k, v);
  const body = JSON.stringify(data);
  const response = new Response(body, { ...init, headers });
  jsonBodies.set(response, body);
  return response;
}

export function errorResponse(error: unknown): Response {
  const answer = asApiError(error);
  if (answer) return json(answer.toBody(), { status: answer.status, headers: answer.headers });
  // The exception text can carry SQL, paths or data: it is logged, never sent.
  console.error(`[api] unexpected error: ${loggable(error)}`);
  const unavailable = isConnectionError(error);
  const body = unavailable
    ? { error: { code: "unavailable", message: "The database is not reachable right now; try again shortly." } }
    : { error: { code: "internal", message: "Something went wrong on our side; the error has been logged." } };
  return json(body, { status: unavailable ? 503 : 500 });
}

const CONNECTION_CODES = [
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01",
  "57P03",
  "08006",
  "08001",
];

/** The database is unreachable (server down, restarting or not answering), as opposed to a bad query. */
export function isConnectionError(error: unknown): boolean {
  // drizzle wraps the driver's error: the reason is somewhere down the cause chain.
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_CODES.includes(code)) return true;
    const message = e instanceof Error ? e.message : "";
    if (/timeout exceeded when trying to connect|Connection terminated/i.test(message)) return true;
  }
  return false;
}

/** Handlers for the methods a route does not serve: 405 in the error envelope, with an Allow header. */
export function otherMethods(...allowed: string[]) {
  const handler = async (request: Request) =>
    json(
      {
        error: {
          code: "method_not_allowed",
          message: `${request.method} is not allowed on ${new URL(request.url).pathname}; use ${allowed.join(" or ")}`,
        },
      },
      { status: 405, headers: { allow: allowed.join(", ") } },
    );
  return { GET: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler };
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Wraps a route handler so that every thrown error becomes the error envelope with its status. Before the
 * handler runs, in the handler itself (nothing in front of it is relied on): a read needs the read token when
 * READ_TOKEN is set (unless the route is `public`: health, session), and a write counts against its client's
 * write rate (429 past it), whether or not it then proves to carry the admin token; a read counts against the
 * client's read rate the same way (all but /api/health).
 */
export function route<C>(handler: Handler<C>, options: { public?: boolean } = {}): Handler<C> {
  return async (request, context) => {
    const started = performance.now();
    let response: Response;
    try {
      // Sessions signed out on the server (here or on another instance) are known before a cookie is checked.
      if (request.headers.get("cookie")?.includes(SESSION_COOKIE)) await freshRevocations();
      if (!READ_METHODS.has(request.method)) limitWrites(request);
      else {
        limitReads(request);
        if (!options.public) requireReader(request);
      }
      response = await revalidated(request, await handler(request, context));
    } catch (error) {
      response = errorResponse(error);
    }
    return timed(response, performance.now() - started);
  };
}

/**
 * `Server-Timing: handler;dur=<ms>`: the time in the handler (validation, the queries, the JSON), which the
 * browser's network panel and `npm run bench` set beside the time the whole request took. A streamed body's
 * handler time ends when its first bytes are ready.
 */
function timed(response: Response, ms: number): Response {
  try {
    response.headers.set("server-timing", `handler;dur=${ms.toFixed(1)}`);
    if (servedOnHttps()) response.headers.set("strict-transport-security", HSTS);
    // Behind READ_TOKEN, a feed, a CSV or a chart file is private data: no shared cache keeps it, no browser
    // stores it (JSON reads are revalidated by ETag and already private).
    const type = response.headers.get("content-type") ?? "";
    if (readsNeedToken() && !type.startsWith("application/json")) {
      response.headers.set("cache-control", "private, no-store");
    }
  } catch {
    // Headers of a Response made elsewhere (a redirect) can be immutable; it goes out without the timing.
  }
  return response;
}

/**
 * A JSON read carries an ETag (a digest of its body) and `Cache-Control: no-cache`: a client may keep it but
 * asks again each time, and an unchanged answer comes back as a bodiless 304. Streams (CSV, exports) are left
 * alone.
 */
async function revalidated(request: Request, response: Response): Promise<Response> {
  if (request.method !== "GET" || response.status !== 200) return response;
  if (!response.headers.get("content-type")?.startsWith("application/json")) return response;
  const known = jsonBodies.get(response);
  const body = known ?? (await response.text());
  const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
  // A response made by json() still has its body and headers of its own: it is sent as it is.
  const headers = known === undefined ? new Headers(response.headers) : response.headers;
  headers.set("etag", etag);
  if (!headers.has("cache-control")) headers.set("cache-control", "private, no-cache");
  const asked = request.headers.get("if-none-match");
  if (asked?.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) {
    return new Response(null, { status: 304, headers });
  }
  return known === undefined ? new Response(body, { status: 200, headers }) : response;
}

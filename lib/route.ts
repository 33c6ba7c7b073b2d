import { z } from "zod";
import { ApiError, type ErrorIssue } from "./http";
import { searchParamsToObject } from "./filters";

/** Helpers for route handlers: validate, respond, and turn every failure into the one error envelope. */

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

export function zodIssues(error: z.ZodError): ErrorIssue[] {
  return error.issues.map((i) => {
    if (i.code === "unrecognized_keys") {
      return { path: i.keys.join(","), message: `unknown parameter ${i.keys.map((k) => `"${k}"`).join(", ")}` };
    }
    return { path: i.path.join(".") || "(root)", message: i.message };
  });
}

function failValidation(error: z.ZodError, what: string, allowed?: string[]): never {
  const issues = zodIssues(error);
  let message = `Invalid ${what}: ${issues.map((i) => (i.path === "(root)" ? i.message : `${i.path}: ${i.message}`)).join("; ")}`;
  if (allowed && error.issues.some((i) => i.code === "unrecognized_keys")) {
    message += `. Accepted parameters: ${allowed.join(", ")}`;
  }
  throw new ApiError("bad_request", message, { issues });
}

function shapeKeys(schema: z.ZodType): string[] | undefined {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
}

export function parseQuery<T extends z.ZodType>(request: Request, schema: T): z.infer<T> {
  const params = searchParamsToObject(new URL(request.url).searchParams);
  const result = schema.safeParse(params);
  if (!result.success) failValidation(result.error, "query", shapeKeys(schema));
  return result.data;
}

export function parseParam<T extends z.ZodType>(value: string, schema: T, name: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = zodIssues(result.error).map((i) => ({ ...i, path: name }));
    throw new ApiError("bad_request", `Invalid ${name} "${value}": ${issues[0]?.message ?? "bad value"}`, { issues });
  }
  return result.data;
}

export function json(data: unknown, init?: ResponseInit): Response {
  const headers = new Headers(init?.headers);
  for (const [k, v] of Object.entries(JSON_HEADERS)) headers.set(k, v);
  return new Response(JSON.stringify(data), { ...init, headers });
}

export function errorResponse(error: unknown): Response {
  if (error instanceof ApiError) return json(error.toBody(), { status: error.status });
  // The exception text can carry SQL, paths or data: it is logged, never sent.
  console.error("[api] unexpected error", error);
  const unavailable = isConnectionError(error);
  const body = unavailable
    ? { error: { code: "unavailable", message: "The database is not reachable right now; try again shortly." } }
    : { error: { code: "internal", message: "Something went wrong on our side; the error has been logged." } };
  return json(body, { status: unavailable ? 503 : 500 });
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "57P01", "57P03"].includes(code);
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** Wraps a route handler so that every thrown error becomes the error envelope with its status. */
export function route<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

import type { z } from "zod";
import { Problem, type ProblemKind } from "../domain/errors";

/** The one error envelope of the API: `{ error: { code, message, issues? } }`. */

export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorIssue = { path: string; message: string };

export type ErrorBody = { error: { code: ErrorCode; message: string; issues?: ErrorIssue[] } };

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues: ErrorIssue[] | undefined;
  readonly details: Record<string, unknown> | undefined;
  /** Response headers that go with the error (Retry-After on a 429). */
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { issues?: ErrorIssue[]; details?: Record<string, unknown>; headers?: Record<string, string> },
  ) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.issues = options?.issues;
    this.details = options?.details;
    this.headers = options?.headers;
  }

  /** The answer to a domain Problem: invalid is 400, not_found 404, conflict 409, with the same message. */
  static from(problem: Problem): ApiError {
    return new ApiError(PROBLEM_CODE[problem.kind], problem.message, {
      issues: problem.issues,
      details: problem.details,
    });
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { error: { code: this.code, message: this.message } };
    if (this.issues?.length) body.error.issues = this.issues;
    if (this.details) Object.assign(body.error, this.details);
    return body;
  }
}

const PROBLEM_CODE: Record<ProblemKind, ErrorCode> = {
  invalid: "bad_request",
  not_found: "not_found",
  conflict: "conflict",
};

/** Any error as the API would answer it: an ApiError as it is, a Problem translated, anything else null. */
export function asApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof Problem) return ApiError.from(error);
  return null;
}

/** A zod error's issues in the envelope's words: the path, and an unknown key named as an unknown `noun`. */
export function zodIssues(error: z.ZodError, noun = "parameter"): ErrorIssue[] {
  return error.issues.map((i) => {
    if (i.code === "unrecognized_keys") {
      return { path: i.keys.join(","), message: `unknown ${noun} ${i.keys.map((k) => `"${k}"`).join(", ")}` };
    }
    return { path: i.path.join(".") || "(root)", message: i.message };
  });
}

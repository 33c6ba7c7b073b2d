/**
 * What went wrong, in the domain's words: input that breaks a rule, something that is not there, or a write that
 * conflicts with what is stored. db/ and domain/ throw these; the server answers each with its HTTP status
 * (contracts/errors.ts, `ApiError.from`), so neither layer knows about HTTP.
 */
export type ProblemKind = "invalid" | "not_found" | "conflict";

export type ProblemIssue = { path: string; message: string };

export class Problem extends Error {
  readonly kind: ProblemKind;
  readonly issues: ProblemIssue[] | undefined;
  /** Fields added to the error envelope (the stored report's id on a duplicate, say). */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    kind: ProblemKind,
    message: string,
    options?: { issues?: ProblemIssue[]; details?: Record<string, unknown> },
  ) {
    super(message);
    this.name = "Problem";
    this.kind = kind;
    this.issues = options?.issues;
    this.details = options?.details;
  }
}

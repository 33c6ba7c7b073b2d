import { type APIResponse, expect } from "@playwright/test";

export type ErrorEnvelope = {
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
  /** What else the error names, such as the stored report of a 409. */
  [detail: string]: unknown;
};

/**
 * An answer in the one error envelope: its status, JSON, nothing beside `error`, and a message that says what
 * (a pattern, or a code and optionally a pattern). `what` names the request in a failure's message.
 */
export async function expectError(
  res: APIResponse,
  status: number,
  expected: RegExp | { code: string; message?: RegExp },
  what?: string,
): Promise<ErrorEnvelope> {
  expect(res.status(), what).toBe(status);
  expect(res.headers()["content-type"], what).toBe("application/json; charset=utf-8");
  const body = await res.json();
  expect(Object.keys(body), what).toEqual(["error"]);
  const { code, message } = expected instanceof RegExp ? { code: undefined, message: expected } : expected;
  if (code !== undefined) expect(body.error.code, what).toBe(code);
  if (message !== undefined) expect(body.error.message, what).toMatch(message);
  return body.error as ErrorEnvelope;
}

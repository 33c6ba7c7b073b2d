import { type APIResponse, expect } from "@playwright/test";

export type ErrorEnvelope = {
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
  /** What else the error names, such as the stored report of a 409. */
  [detail: string]: unknown;
};

/** An answer in the one error envelope: its status, JSON, nothing beside `error`, and a message that says what. */
export async function expectError(res: APIResponse, status: number, message: RegExp): Promise<ErrorEnvelope> {
  expect(res.status()).toBe(status);
  expect(res.headers()["content-type"]).toBe("application/json; charset=utf-8");
  const body = await res.json();
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.message).toMatch(message);
  return body.error as ErrorEnvelope;
}

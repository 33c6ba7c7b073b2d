import { expect } from "vitest";
import { ApiError, asApiError } from "@/contracts/errors";

/**
 * The error a call must fail with, as the API would answer it (an ApiError, or a domain Problem translated); the
 * test fails when the call succeeds or throws anything else.
 */
export async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  const answer = asApiError(error);
  expect(answer, `expected an API or domain error, got ${String(error)}`).toBeInstanceOf(ApiError);
  return answer as ApiError;
}

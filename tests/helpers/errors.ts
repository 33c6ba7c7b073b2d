import { expect } from "vitest";
import { ApiError } from "@/lib/http";

/** The ApiError a call must fail with (the test fails when it succeeds or throws anything else). */
export async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

import { ApiClientError } from "./api-client";

/**
 * The API's issues by the form field they name (the first segment of the issue's path), so that each message
 * shows beside what to fix. Issues about anything but the form's own fields are left to the form's summary.
 */
export function fieldIssues<K extends string>(
  error: Error | null,
  fields: Record<K, unknown>,
): Partial<Record<K, string>> {
  if (!(error instanceof ApiClientError)) return {};
  const out: Partial<Record<K, string>> = {};
  for (const issue of error.issues) {
    const key = issue.path.split(".")[0] as K;
    if (key in fields && !out[key]) out[key] = issue.message;
  }
  return out;
}

import { createHmac } from "node:crypto";
import { ApiError } from "../../contracts/errors";
import { shiftOutbox } from "../../contracts/webhooks";
import { readConfig } from "../config";
import { outboundUrlProblem } from "../net/outbound";

/**
 * Webhooks: how a delivery is signed and where it may go, and how long to
 * wait between tries. The outbox lives in db/queries/webhooks.ts, the sending in ./worker.ts.
 */

/** How many times a delivery is tried before it is marked failed. */
export const MAX_ATTEMPTS = 6;

/**
 * A 400 when the URL names or resolves to an address the server may not reach (server/net/outbound.ts): a
 * webhook's receiver, or a source's feed (`what` says which, in the message).
 */
export async function assertPublicUrl(url: string, what = "Webhooks must reach a public address"): Promise<void> {
  const problem = await outboundUrlProblem(url);
  if (problem) {
    throw new ApiError(
      "bad_request",
      `Invalid body: url: ${problem}. ${what}; set ALLOW_PRIVATE_URLS=1 on the server to allow this machine and private networks`,
      { issues: [{ path: "url", message: problem }] },
    );
  }
}

/**
 * `X-Stancewatch-Signature`: the HMAC-SHA256 of "<timestamp>.<body>" with the webhook's secret, the timestamp
 * being `X-Stancewatch-Timestamp` (Unix seconds). The receiver recomputes it over the raw body and refuses an
 * old timestamp, so a captured delivery cannot be replayed later (docs/guide.md has a receiver).
 */
export function signature(secret: string, body: string, timestamp: number): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** The wait after a failed try: base, 3x base, 9x base ... (a base of 10 s gives 10 s, 30 s, 1.5 min, 4.5 min, 13.5 min). */
export function retryDelayMs(failedAttempts: number, baseMs: number): number {
  return baseMs * 3 ** Math.max(0, failedAttempts - 1);
}

/** The outbox entry for shifts written by this server: payload links on its PUBLIC_URL. */
export function configuredOutbox() {
  return shiftOutbox(readConfig().publicUrl);
}

import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { SessionState } from "@/contracts/responses";
import { requireReader, sessionCookieName, sessionOf } from "@/server/http/auth";
import { freshRevocations } from "@/server/http/session-revocations";

/** For server pages: whether the browser asking is signed in, and whether the server takes writes at all. */
export async function pageSession(): Promise<SessionState> {
  await freshRevocations();
  return sessionOf((await cookies()).get(sessionCookieName())?.value);
}

/**
 * For server pages, before they read anything: when READ_TOKEN is set, a browser that may not read is sent to
 * /sign-in. proxy.ts does so first; this is the check that holds whatever is in front of the page.
 */
export async function requirePageReader(path: string): Promise<void> {
  await freshRevocations();
  let allowed = true;
  try {
    requireReader(new Request("http://page.local/", { headers: await headers() }));
  } catch {
    allowed = false;
  }
  if (!allowed) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
}

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { requireReader, SESSION_COOKIE, type SessionState, sessionOf } from "@/lib/auth";

/** For server pages: whether the browser asking is signed in, and whether the server takes writes at all. */
export async function pageSession(): Promise<SessionState> {
  return sessionOf((await cookies()).get(SESSION_COOKIE)?.value);
}

/**
 * For server pages, before they read anything: when READ_TOKEN is set, a browser that may not read is sent to
 * /sign-in. proxy.ts does so first; this is the check that holds whatever is in front of the page.
 */
export async function requirePageReader(path: string): Promise<void> {
  let allowed = true;
  try {
    requireReader(new Request("http://page.local/", { headers: await headers() }));
  } catch {
    allowed = false;
  }
  if (!allowed) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
}

import { cookies } from "next/headers";
import { SESSION_COOKIE, type SessionState, sessionOf } from "@/lib/auth";

/** For server pages: whether the browser asking is signed in, and whether the server takes writes at all. */
export async function pageSession(): Promise<SessionState> {
  return sessionOf((await cookies()).get(SESSION_COOKIE)?.value);
}

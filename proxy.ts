import { type NextRequest, NextResponse } from "next/server";
import { requireReader, servedOnHttps, sessionCookieName } from "@/server/http/auth";
import { HSTS, pageCsp, RESOURCE_CSP } from "@/server/http/security-headers";
import { freshRevocations } from "@/server/http/session-revocations";

/**
 * In front of the pages (not the API: its handlers check everything themselves, and a proxy would make Next
 * buffer request bodies before the handlers' size limits apply). A fresh CSP nonce per page, which Next reads
 * from the request's Content-Security-Policy header and puts on its scripts; and, when READ_TOKEN is set, a
 * redirect to /sign-in for a browser that may not read. The pages check that again themselves.
 */
export async function proxy(request: NextRequest) {
  if (request.cookies.has(sessionCookieName())) await freshRevocations();
  const { pathname, search } = request.nextUrl;
  if (pathname !== "/sign-in" && !mayRead(request)) {
    // Next turns a same-origin Location into a path, so the browser stays on the host it asked for.
    const target = new URL(`/sign-in?next=${encodeURIComponent(pathname + search)}`, request.url);
    const response = NextResponse.redirect(target, 307);
    response.headers.set("cache-control", "no-store");
    response.headers.set("content-security-policy", RESOURCE_CSP);
    if (servedOnHttps()) response.headers.set("strict-transport-security", HSTS);
    return response;
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = pageCsp(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  if (servedOnHttps()) response.headers.set("strict-transport-security", HSTS);
  return response;
}

function mayRead(request: NextRequest): boolean {
  try {
    requireReader(request);
    return true;
  } catch {
    return false;
  }
}

export const config = {
  // Every path but the API, the build's static files and the favicon.
  matcher: ["/((?!api(?:/|$)|_next/static/|_next/image|favicon\\.ico).*)"],
};

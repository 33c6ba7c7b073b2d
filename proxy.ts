import { type NextRequest, NextResponse } from "next/server";
import { requireReader } from "@/lib/auth";
import { pageCsp } from "@/lib/security-headers";

/**
 * In front of the pages (not the API: its handlers check everything themselves, and a proxy would make Next
 * buffer request bodies before the handlers' size limits apply). A fresh CSP nonce per page, which Next reads
 * from the request's Content-Security-Policy header and puts on its scripts; and, when READ_TOKEN is set, a
 * redirect to /sign-in for a browser that may not read. The pages check that again themselves.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname !== "/sign-in" && !mayRead(request)) {
    // Relative: request.url names the server's own hostname, not the one the browser used.
    return new NextResponse(null, {
      status: 307,
      headers: { location: `/sign-in?next=${encodeURIComponent(pathname + search)}`, "cache-control": "no-store" },
    });
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = pageCsp(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
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

import { z } from "zod";
import { checkSignIn, sessionCookie, sessionState, sessionValue } from "@/lib/auth";
import { json, otherMethods, parseBody, route } from "@/lib/route";

const SignInBody = z.strictObject(
  { token: z.string({ error: "token must be a string" }).min(1, "token must not be empty: type the admin token") },
  { error: (issue) => (issue.code === "invalid_type" ? "send a JSON object" : undefined) },
);

/** Whether this browser is signed in, and whether the server takes writes at all. */
export const GET = route(async (request: Request) =>
  json(sessionState(request), { headers: { "cache-control": "no-store" } }),
);

/** Signs the browser in: the token is checked and replaced by an httpOnly session cookie. */
export const POST = route(async (request: Request) => {
  const { token } = await parseBody(request, SignInBody, 8_000);
  checkSignIn(request, token);
  return json(
    { signedIn: true, writesEnabled: true },
    { headers: { "set-cookie": sessionCookie(request, sessionValue(token)), "cache-control": "no-store" } },
  );
});

/** Signs the browser out. */
export const DELETE = route(async (request: Request) =>
  json(
    { signedIn: false, writesEnabled: sessionState(request).writesEnabled },
    { headers: { "set-cookie": sessionCookie(request, null), "cache-control": "no-store" } },
  ),
);

export const { PUT, PATCH } = otherMethods("GET", "POST", "DELETE");

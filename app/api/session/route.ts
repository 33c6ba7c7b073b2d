import { z } from "zod";
import { checkSignIn, sessionCookie, sessionOf, sessionState } from "@/lib/auth";
import { json, otherMethods, parseBody, route } from "@/lib/route";

const SignInBody = z.strictObject(
  { token: z.string({ error: "token must be a string" }).min(1, "token must not be empty: type the admin token") },
  { error: (issue) => (issue.code === "invalid_type" ? "send a JSON object" : undefined) },
);

// Public whatever READ_TOKEN says: the sign-in page needs these to let a reader in.
const open = { public: true } as const;

/** Whether this browser is signed in, and whether the server takes writes at all. */
export const GET = route(
  async (request: Request) => json(sessionState(request), { headers: { "cache-control": "no-store" } }),
  open,
);

/** Signs the browser in: the token is checked and replaced by an httpOnly session cookie (read-only for READ_TOKEN). */
export const POST = route(async (request: Request) => {
  const { token } = await parseBody(request, SignInBody, 8_000);
  const { cookie } = checkSignIn(request, token);
  return json(sessionOf(cookie), {
    headers: { "set-cookie": sessionCookie(request, cookie), "cache-control": "no-store" },
  });
}, open);

/** Signs the browser out. */
export const DELETE = route(
  async (request: Request) =>
    json(sessionOf(undefined), {
      headers: { "set-cookie": sessionCookie(request, null), "cache-control": "no-store" },
    }),
  open,
);

export const { PUT, PATCH } = otherMethods("GET", "POST", "DELETE");

import { z } from "zod";

/** `POST /api/session`: sign in with the admin token, or the read token for a read-only session. */
export const SignInBody = z.strictObject(
  {
    token: z
      .string({ error: "token must be a string" })
      .min(1, "token must not be empty: type the admin token")
      .describe("The admin token, or the read token for a read-only session"),
  },
  { error: (issue) => (issue.code === "invalid_type" ? "send a JSON object" : undefined) },
);

/** `DELETE /api/session?everywhere=true` signs out every session, not only this one. */
export const SignOutQuery = z.strictObject({
  everywhere: z.enum(["true", "false"], { message: "everywhere must be true or false" }).optional(),
});

"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { safeNext } from "@/contracts/paths";
import { useSignIn } from "@/hooks/use-session";
import { FormError } from "../ui/form-error";

type Props = { next?: string; writesEnabled: boolean; readToken?: boolean };

/**
 * Trades the admin token (or, with `readToken`, the read token too) for an httpOnly session cookie; the token
 * itself is never stored in the browser.
 */
export function SignInForm({ next, writesEnabled, readToken = false }: Props) {
  const id = useId();
  const router = useRouter();
  const signIn = useSignIn();
  const [token, setToken] = useState("");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate(token, {
      onSuccess: () => {
        setToken("");
        const target = safeNext(next);
        if (target) router.push(target);
        router.refresh();
      },
    });
  };

  if (!writesEnabled && !readToken) {
    return (
      <p role="alert" className="form-error">
        This server takes no writes: it was started without <code>ADMIN_TOKEN</code>. Restart it with{" "}
        <code>ADMIN_TOKEN=&lt;a secret&gt; npm start</code> to sign in, add reports and review codings.
      </p>
    );
  }
  return (
    <form className="sign-in" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-token`}>{readToken ? "Token" : "Admin token"}</label>
        <input
          id={`${id}-token`}
          type="password"
          autoComplete="current-password"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          required
          aria-describedby={`${id}-hint`}
        />
        <span id={`${id}-hint`} className="field__hint">
          {readToken
            ? "The server's READ_TOKEN to read, or its ADMIN_TOKEN to make changes too."
            : "The server's ADMIN_TOKEN."}{" "}
          It is exchanged for a session cookie and not kept in the browser.
        </span>
      </div>
      <FormError error={signIn.error} />
      <button type="submit" className="button" disabled={signIn.isPending || token === ""}>
        {signIn.isPending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}

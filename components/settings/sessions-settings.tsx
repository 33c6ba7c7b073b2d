"use client";

import { useRouter } from "next/navigation";
import { useSignOut } from "@/hooks/use-session";
import { FormError } from "../ui/form-error";

/** Signs every browser out on the server: for a lost laptop, a shared token, or a colleague who left. */
export function SessionsSettings() {
  const signOut = useSignOut();
  const router = useRouter();
  return (
    <section className="sessions-settings" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions</h2>
      <p className="muted">
        Signing out ends this browser&apos;s session on the server: a copy of its cookie no longer reads or writes. To
        end every session, this one included (every browser then signs in again with the token):
      </p>
      <button
        type="button"
        className="button button--danger"
        disabled={signOut.isPending}
        onClick={() => {
          if (window.confirm("Sign out every browser signed in to this server, this one included?")) {
            signOut.mutate(true, { onSuccess: () => router.refresh() });
          }
        }}
      >
        {signOut.isPending ? "Signing out…" : "Sign out everywhere"}
      </button>
      <FormError error={signOut.error} />
    </section>
  );
}

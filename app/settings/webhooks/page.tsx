import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SessionsSettings } from "@/components/settings/sessions-settings";
import { WebhooksSettings } from "@/components/settings/webhooks-settings";
import { pageSession, requirePageReader } from "@/server/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  await requirePageReader("/settings/webhooks");
  const session = await pageSession();
  return (
    <section className={session.signedIn ? "settings-page" : "narrow-page"}>
      <p className="eyebrow">Settings</p>
      <h1>Webhooks</h1>
      <p className="muted">
        When an ingest or a review creates a stance shift, each webhook receives a JSON POST describing it: the actor,
        the change, the dates and both evidence sentences with links. Delivery never holds up the write; a receiver that
        fails is retried with growing waits, and the log shows every try and its answer.
      </p>
      {session.signedIn ? (
        <>
          <WebhooksSettings />
          <SessionsSettings />
        </>
      ) : (
        <SignInForm next="/settings/webhooks" writesEnabled={session.writesEnabled} />
      )}
    </section>
  );
}

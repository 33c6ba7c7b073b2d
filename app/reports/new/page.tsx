import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { makeQueryClient, queryKeys } from "@/browser/query-client";
import { SignInForm } from "@/components/auth/sign-in-form";
import { AddReportForm } from "@/components/ingest/add-report-form";
import { listActors } from "@/db/queries/actors";
import { listTopics } from "@/db/queries/topics";
import { getDb } from "@/server/database";
import { pageSession, requirePageReader } from "@/server/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Add report" };

export default async function AddReportPage() {
  await requirePageReader("/reports/new");
  const session = await pageSession();
  if (!session.signedIn) {
    return (
      <section className="narrow-page">
        <p className="eyebrow">Add report</p>
        <h1>Sign in to add reports</h1>
        <p className="muted">Adding a report stores it and codes it at once; it needs the admin token.</p>
        <SignInForm next="/reports/new" writesEnabled={session.writesEnabled} />
      </section>
    );
  }
  const db = await getDb();
  const [topics, actors] = await Promise.all([listTopics(db), listActors(db)]);
  const client = makeQueryClient();
  client.setQueryData(queryKeys.topics(), { items: topics });
  client.setQueryData(queryKeys.actors(), { items: actors });
  return (
    <section className="add-report-page">
      <p className="eyebrow">Add report</p>
      <h1>Add a source report</h1>
      <p className="muted">
        Paste the text and its metadata. <strong>Preview codings</strong> shows what the coder finds, with the evidence
        highlighted and each statement explained; <strong>Save report</strong> stores and codes it. You can then review
        every coding on the report page.
      </p>
      <HydrationBoundary state={dehydrate(client)}>
        <AddReportForm />
      </HydrationBoundary>
    </section>
  );
}

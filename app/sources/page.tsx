import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { makeQueryClient, queryKeys } from "@/browser/query-client";
import { SignInForm } from "@/components/auth/sign-in-form";
import { AddSourceForm } from "@/components/sources/add-source-form";
import { SourceList } from "@/components/sources/source-list";
import { BROKEN_AFTER_FAILURES } from "@/contracts/sources";
import { listTopics } from "@/db/queries/topics";
import { getDb } from "@/server/database";
import { pageSession, requirePageReader } from "@/server/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sources" };

/** The feeds Stancewatch follows: add one with a preview, and the list with each one's health. */
export default async function SourcesPage() {
  await requirePageReader("/sources");
  const session = await pageSession();
  if (!session.signedIn) {
    return (
      <section className="narrow-page">
        <p className="eyebrow">Sources</p>
        <h1>Sign in to manage sources</h1>
        <p className="muted">
          Sources are the feeds of ministries and outlets that Stancewatch reads on a schedule, adding and coding each
          new article. Their list shows operational detail and adding one changes the data: both need the admin token.
        </p>
        <SignInForm next="/sources" writesEnabled={session.writesEnabled} />
      </section>
    );
  }
  const client = makeQueryClient();
  client.setQueryData(queryKeys.topics(), { items: await listTopics(await getDb()) });
  return (
    <section className="sources-page">
      <p className="eyebrow">Sources</p>
      <h1>Follow ministries&apos; and outlets&apos; feeds</h1>
      <p className="muted">
        Each source is an RSS, Atom or JSON feed read on its own schedule. Every new item that names one of the
        topic&apos;s parties (or one of the source&apos;s match terms) is fetched, its article text extracted, and
        stored once as a report of the source&apos;s outlet, coded like any other, so a stance shift reaches the shifts
        view and the webhooks within minutes. A source that fails {BROKEN_AFTER_FAILURES} times in a row is marked
        broken and sends <code>source.failed</code> to the webhooks.
      </p>
      <HydrationBoundary state={dehydrate(client)}>
        <div className="sources">
          <AddSourceForm />
          <SourceList />
        </div>
      </HydrationBoundary>
    </section>
  );
}

import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { makeQueryClient, queryKeys } from "@/browser/query-client";
import { SignInForm } from "@/components/auth/sign-in-form";
import { ReviewQueueView } from "@/components/review/review-queue-view";
import { parseReviewFilters, REVIEW_PAGE } from "@/contracts/filters";
import { listActors } from "@/db/queries/actors";
import { reviewQueue } from "@/db/queries/review";
import { listTopics } from "@/db/queries/topics";
import { getDb } from "@/server/database";
import { pageSession, requirePageReader } from "@/server/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Review queue" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The review queue, its first coding rendered with the page. */
export default async function ReviewPage({ searchParams }: Props) {
  const params = await searchParams;
  const filters = parseReviewFilters(params);
  const here = `/review${Object.keys(params).length ? `?${new URLSearchParams(params as Record<string, string>)}` : ""}`;
  await requirePageReader(here);
  const session = await pageSession();
  if (!session.signedIn) {
    return (
      <section className="narrow-page">
        <p className="eyebrow">Review queue</p>
        <h1>Sign in to review codings</h1>
        <p className="muted">
          Confirming, correcting and rejecting codings changes the data; it needs the admin token.
        </p>
        <SignInForm next={here} writesEnabled={session.writesEnabled} />
      </section>
    );
  }
  const db = await getDb();
  const client = makeQueryClient();
  const [actors, topics] = await Promise.all([listActors(db), listTopics(db)]);
  client.setQueryData(queryKeys.actors(), { items: actors });
  client.setQueryData(queryKeys.topics(), { items: topics });
  // A prefetch that fails (an unknown actor in the URL) is left out: the client asks again and shows the error.
  await client.prefetchInfiniteQuery({
    queryKey: queryKeys.reviewQueue(filters),
    queryFn: () => reviewQueue(db, { ...filters, limit: REVIEW_PAGE }),
    initialPageParam: undefined,
  });
  return (
    <section className="review-page">
      <p className="eyebrow">Review queue</p>
      <h1>Check the least certain codings first</h1>
      <p className="muted">
        Automatic codings no analyst has looked at, lowest confidence first. Each decision is saved as a revision, as on
        the report page, and a shift whose two codings are both reviewed counts as reviewed in the shifts view, the feed
        and webhooks that ask for it. Keys: <kbd>A</kbd> confirm, <kbd>X</kbd> reject, <kbd>C</kbd> correct,{" "}
        <kbd>Space</kbd> skip, <kbd>U</kbd> undo the last decision.
      </p>
      <HydrationBoundary state={dehydrate(client)}>
        <ReviewQueueView />
      </HydrationBoundary>
    </section>
  );
}

import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { makeQueryClient, queryKeys } from "@/browser/query-client";
import { CoderQuality } from "@/components/quality/coder-quality";
import { agreementFilters, parseDashboardFilters } from "@/contracts/filters";
import { listActors } from "@/db/queries/actors";
import { getCoderAgreement } from "@/db/queries/agreement";
import { listTopics } from "@/db/queries/topics";
import { getDb } from "@/server/database";
import { requirePageReader } from "@/server/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Coder quality" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The coder's agreement with the analysts, rendered with its figures in the first paint. */
export default async function CoderQualityPage({ searchParams }: Props) {
  await requirePageReader("/quality");
  const scope = agreementFilters(parseDashboardFilters(await searchParams));
  const db = await getDb();
  const client = makeQueryClient();
  const [actors, topics] = await Promise.all([listActors(db), listTopics(db)]);
  client.setQueryData(queryKeys.actors(), { items: actors });
  client.setQueryData(queryKeys.topics(), { items: topics });
  // A filter the API would refuse is left to the client, which shows the API's message.
  await client.prefetchQuery({ queryKey: queryKeys.agreement(scope), queryFn: () => getCoderAgreement(db, scope) });
  return (
    <section className="quality-page">
      <p className="eyebrow">Coder quality</p>
      <h1>How often analysts agree with the coder</h1>
      <p className="muted">
        Raw agreement and Cohen&apos;s kappa between the automatic coder and the analysts&apos; reviews, per stance and
        per actor. Also at <code>GET /api/coder/agreement</code>.
      </p>
      <HydrationBoundary state={dehydrate(client)}>
        <CoderQuality />
      </HydrationBoundary>
    </section>
  );
}

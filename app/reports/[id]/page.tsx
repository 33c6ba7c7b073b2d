import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { makeQueryClient, queryKeys } from "@/browser/query-client";
import { ReportView } from "@/components/report/report-view";
import { listActors } from "@/db/queries/actors";
import { getReport } from "@/db/queries/reports";
import { Problem } from "@/domain/errors";
import { getDb } from "@/server/database";
import { pageSession, requirePageReader } from "@/server/http/session";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ id: string }>;
  searchParams?: Promise<Record<string, string | string[] | undefined>>;
};

// Metadata and page both need the report: one read per request.
const load = cache(async (idParam: string) => {
  // Before anything is looked up: the title goes into the metadata too.
  await requirePageReader(`/reports/${encodeURIComponent(idParam)}`);
  if (!/^\d{1,9}$/.test(idParam)) notFound();
  const db = await getDb();
  try {
    return await getReport(db, Number(idParam));
  } catch (error) {
    if (error instanceof Problem && error.kind === "not_found") notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const report = await load(id);
  return { title: report.title };
}

/** The first paint carries the report and the actors; the client view takes over for review. */
export default async function ReportPage({ params, searchParams }: Props) {
  const justAdded = (await searchParams)?.added === "1";
  const report = await load((await params).id);
  const [actors, session] = await Promise.all([listActors(await getDb()), pageSession()]);
  const client = makeQueryClient();
  client.setQueryData(queryKeys.report(report.id), report);
  client.setQueryData(queryKeys.actors(), { items: actors });
  client.setQueryData(queryKeys.session(), session);
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <ReportView reportId={report.id} signedIn={session.signedIn} justAdded={justAdded} />
    </HydrationBoundary>
  );
}

import "server-only";
import { describeFilters } from "@/contracts/filter-words";
import type { ShiftsQuery } from "@/contracts/filters";
import type { Database } from "@/db/client";
import { listActors } from "@/db/queries/actors";
import { listShifts } from "@/db/queries/shifts";
import { listTopics } from "@/db/queries/topics";
import { readConfig } from "../config";
import { shiftsAtom } from "./atom";

/** Entries in a feed without `limit`: a feed reader wants the latest changes, not every one since the start. */
export const FEED_ENTRIES = 200;

/** The Atom feed of the shifts under the filters, titled with the filters in the app's own words. */
export async function shiftsFeed(db: Database, query: ShiftsQuery, requestUrl: string): Promise<Response> {
  const [{ items }, actors, topics] = await Promise.all([
    listShifts(db, { ...query, limit: query.limit ?? FEED_ENTRIES }),
    listActors(db),
    listTopics(db),
  ]);
  const baseUrl = readConfig().publicUrl;
  const self = new URL(requestUrl);
  const chosen = Object.keys(query).length > 0;
  const xml = shiftsAtom(items, {
    baseUrl,
    selfUrl: `${baseUrl}${self.pathname}${self.search}`,
    filtersInWords: chosen
      ? describeFilters(
          query,
          {
            actors: new Map(actors.map((a) => [a.code, a.name])),
            topics: new Map(topics.map((t) => [t.slug, t.title])),
          },
          [],
          "every actor",
        )
      : "",
  });
  return new Response(xml, { headers: { "content-type": "application/atom+xml; charset=utf-8" } });
}

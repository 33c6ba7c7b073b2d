import { NewSourceBody } from "@/contracts/sources";
import { listSources } from "@/db/queries/sources";
import { getDb } from "@/server/database";
import { requireAdmin } from "@/server/http/auth";
import { json, otherMethods, parseBody, route } from "@/server/http/route";
import { registerSource } from "@/server/sources/poll";

/** The sources with their state (token: the list shows operational detail, errors and feed addresses). */
export const GET = route(async (request: Request) => {
  requireAdmin(request);
  return json(await listSources(await getDb()));
});

/** Follows a feed: fetched once (400 when it is not a feed or cannot be reached), then 201 with the source. */
export const POST = route(async (request: Request) => {
  requireAdmin(request);
  const body = await parseBody(request, NewSourceBody, 32_000);
  const source = await registerSource(await getDb(), body);
  return json(source, { status: 201, headers: { location: `/api/sources/${source.id}` } });
});

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");

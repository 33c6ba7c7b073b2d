import { NewTopicBody } from "@/contracts/topics";
import { listTopics } from "@/db/queries/topics";
import { getDb } from "@/server/database";
import { requireAdmin } from "@/server/http/auth";
import { json, otherMethods, parseBody, route } from "@/server/http/route";
import { addTopic } from "@/server/topics";

export const GET = route(async () => json({ items: await listTopics(await getDb()) }));

/**
 * Adds a topic that reports can then be filed under: 201 with the topic item, 409 when its slug is taken. The
 * acting party and its targets that the caller leaves out are read from the title.
 */
export const POST = route(async (request: Request) => {
  requireAdmin(request);
  // A topic is at most about 13,000 characters; this leaves room for JSON escapes of any of them.
  const body = await parseBody(request, NewTopicBody, 200_000);
  return json(await addTopic(await getDb(), body), { status: 201 });
});

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");

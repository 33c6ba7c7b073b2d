import { getDb } from "@/db/client";
import { listTopics } from "@/db/queries/topics";
import { json, otherMethods, route } from "@/lib/route";

export const GET = route(async () => json({ items: await listTopics(await getDb()) }));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");

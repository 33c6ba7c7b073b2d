import { getDb } from "@/db/client";
import { listActors } from "@/db/queries/actors";
import { json, otherMethods, route } from "@/lib/route";

export const GET = route(async () => json({ items: await listActors(await getDb()) }));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");

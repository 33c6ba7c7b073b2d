import { listOutlets } from "@/db/queries/outlets";
import { getDb } from "@/server/database";
import { json, otherMethods, route } from "@/server/http/route";

export const GET = route(async () => json({ items: await listOutlets(await getDb()) }));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");

import { getDb } from "@/db/client";
import { listOutlets } from "@/db/queries/outlets";
import { json, otherMethods, route } from "@/lib/route";

export const GET = route(async () => json({ items: await listOutlets(await getDb()) }));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");

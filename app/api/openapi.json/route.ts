import { readsNeedToken } from "@/server/http/auth";
import { json, otherMethods, route } from "@/server/http/route";
import { openApiDocument } from "@/server/openapi/document";

/**
 * The OpenAPI 3.1 description of this API (server/openapi/document.ts). A read like any other: READ_TOKEN and the
 * read rate apply. It changes only with a deploy: clients may keep it an hour, then revalidate by its ETag.
 */
export const GET = route(async () =>
  json(openApiDocument(), {
    headers: { "cache-control": `${readsNeedToken() ? "private" : "public"}, max-age=3600` },
  }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");

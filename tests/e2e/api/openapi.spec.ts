import { expect, test } from "@playwright/test";

type Operation = {
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, unknown>;
};
type Document = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

test.describe("[OPENAPI]", () => {
  test("GET /api/openapi.json is an OpenAPI 3.1 document with the read and write paths", async ({ request }) => {
    const res = await request.get("/api/openapi.json");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.headers()["cache-control"]).toMatch(/max-age=\d+/);
    const doc = (await res.json()) as Document;
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.title).toBe("Stancewatch");

    // Reads.
    expect(doc.paths["/api/stances"]?.get).toBeDefined();
    expect(doc.paths["/api/stances/summary"]?.get).toBeDefined();
    // Writes, with the body schemas the routes validate with.
    const addReport = doc.paths["/api/reports"]?.post;
    expect(addReport?.requestBody?.content["application/json"]?.schema.$ref).toBe("#/components/schemas/NewReportBody");
    expect(addReport?.responses["201"]).toBeDefined();
    const review = doc.paths["/api/stances/{id}"]?.patch;
    expect(review?.requestBody?.content["application/json"]?.schema.$ref).toBe("#/components/schemas/ReviewBody");
    expect(doc.components.schemas.ErrorEnvelope).toBeDefined();
    // The catch-all (any other /api path) is not a route of its own in the document.
    expect(Object.keys(doc.paths).some((p) => p.includes("..."))).toBe(false);
  });

  test("it is a read like the others: revalidated by its ETag, other methods 405", async ({ request }) => {
    const first = await request.get("/api/openapi.json");
    const etag = first.headers().etag;
    expect(etag).toBeTruthy();
    const again = await request.get("/api/openapi.json", { headers: { "if-none-match": etag as string } });
    expect(again.status()).toBe(304);
    const post = await request.post("/api/openapi.json", { data: {} });
    expect(post.status()).toBe(405);
    expect(post.headers().allow).toBe("GET");
    expect((await post.json()).error.code).toBe("method_not_allowed");
  });
});

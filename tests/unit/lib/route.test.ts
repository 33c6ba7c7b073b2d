import { describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { ApiError } from "@/lib/http";
import { parseQuery, route } from "@/lib/route";

const Query = z.strictObject({ n: z.string().regex(/^\d+$/, "n must be a number") });

describe("route wrapper and the error envelope", () => {
  test("an ApiError becomes its status and envelope", async () => {
    const handler = route(async () => {
      throw new ApiError("not_found", "No report with id 7");
    });
    const res = await handler(new Request("http://x/api/reports/7"), {});
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "No report with id 7" } });
  });

  test("an unexpected error is a 500 that never carries the exception text", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const handler = route(async () => {
      throw new Error('relation "codings" does not exist at /srv/secret/path');
    });
    const res = await handler(new Request("http://x/api/stances"), {});
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text).error.code).toBe("internal");
    expect(text).not.toContain("codings");
    expect(text).not.toContain("/srv/secret");
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });

  test("a lost database connection is a 503", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const handler = route(async () => {
      throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    });
    const res = await handler(new Request("http://x/api/stances"), {});
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe("unavailable");
    log.mockRestore();
  });

  test("parseQuery reports every issue with its parameter, and names the accepted parameters", () => {
    const attempt = () => parseQuery(new Request("http://x/?n=abc&m=1"), Query);
    expect(attempt).toThrow(ApiError);
    try {
      attempt();
    } catch (error) {
      const body = (error as ApiError).toBody();
      expect(body.error.code).toBe("bad_request");
      expect(body.error.message).toContain("Accepted parameters: n");
      expect(body.error.issues?.map((i) => i.path).sort()).toEqual(["m", "n"]);
    }
  });
});

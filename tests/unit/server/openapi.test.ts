import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, test } from "vitest";
import type { z } from "zod";
import packageJson from "@/package.json";
import { jsonSchemaOf, openApiDocument } from "@/server/openapi/document";

/**
 * Keeps GET /api/openapi.json complete: every route file under app/api, each method it serves, the query and
 * body schemas its handlers parse and the errors they give must be in the document, and nothing else. The route
 * files are read as text (importing them all would open the database modules).
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const API_DIR = path.join(ROOT, "app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

type JsonObject = Record<string, unknown>;

type Handler = {
  method: string;
  /** The handler's own text: from its export to the next export of the file. */
  text: string;
  /** `route(..., { public: true })`: no READ_TOKEN check. */
  public: boolean;
};

type RouteFile = {
  file: string;
  /** The OpenAPI path: `[id]` becomes `{id}`; null for a catch-all. */
  path: string | null;
  source: string;
  handlers: Handler[];
  /** The methods its `otherMethods(...)` names as allowed (the 405 answer's Allow header). */
  allowed: string[] | null;
  /** Exported names bound to the 405 handlers of otherMethods. */
  stubs: string[];
};

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js)$/.test(entry.name) ? [full] : [];
  });
}

function openApiPathOf(file: string): string | null {
  const segments = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep);
  const out: string[] = [];
  for (const segment of segments) {
    if (segment.startsWith("[...") || segment.startsWith("[[...")) return null;
    if (/^\(.+\)$/.test(segment)) continue; // a route group is not part of the URL
    out.push(segment.replace(/^\[(.+)\]$/, "{$1}"));
  }
  return `/${out.join("/")}`;
}

function readRoute(file: string): RouteFile {
  const source = fs.readFileSync(file, "utf8");
  const exportsAt = [...source.matchAll(/^export\s/gm)].map((m) => m.index ?? 0);
  // A handler's text runs to the next export, less the comments that introduce that export.
  const segmentFrom = (at: number) =>
    source
      .slice(at, exportsAt.find((i) => i > at) ?? source.length)
      .replace(/(\s*(\/\*[\s\S]*?\*\/|\/\/[^\n]*))+\s*$/, "");
  const handlers: Handler[] = [];
  const add = (method: string, text: string) => {
    const isPublic = /,\s*(open|\{\s*public:\s*true\s*\})\s*,?\s*\)\s*;?\s*$/.test(text.trim());
    handlers.push({ method, text, public: isPublic });
  };
  const method = `(${METHODS.join("|")})`;
  for (const m of source.matchAll(new RegExp(`^export\\s+const\\s+${method}\\b\\s*(?::[^=]+)?=`, "gm"))) {
    add(m[1] as string, segmentFrom(m.index ?? 0));
  }
  for (const m of source.matchAll(new RegExp(`^export\\s+(?:async\\s+)?function\\s+${method}\\s*\\(`, "gm"))) {
    add(m[1] as string, segmentFrom(m.index ?? 0));
  }
  for (const m of source.matchAll(/^export\s*\{([^}]*)\}\s*;?/gm)) {
    for (const part of (m[1] as string).split(",")) {
      const name =
        part
          .trim()
          .split(/\s+as\s+/)
          .at(-1) ?? "";
      if ((METHODS as readonly string[]).includes(name)) add(name, source);
    }
  }
  let allowed: string[] | null = null;
  const stubs: string[] = [];
  for (const m of source.matchAll(/^export\s+const\s*\{([^}]*)\}\s*=\s*([\w.]+)\(([^)]*)\)/gm)) {
    if (m[2] !== "otherMethods") throw new Error(`${file}: unknown export style ${m[0]}`);
    stubs.push(...(m[1] as string).split(",").map((s) => s.trim()));
    allowed = [...(m[3] as string).matchAll(/"(\w+)"/g)].map((a) => a[1] as string);
  }
  return { file: path.relative(ROOT, file), path: openApiPathOf(file), source, handlers, allowed, stubs };
}

const ROUTES = routeFiles(API_DIR).map(readRoute);
const doc = openApiDocument() as unknown as JsonObject & {
  openapi: string;
  info: { version: string; title: string };
  paths: Record<string, Record<string, JsonObject>>;
  components: Record<string, Record<string, JsonObject>>;
};

/** Follows a local `$ref` ("#/components/..."), as many times as it takes. */
function resolve(value: unknown): JsonObject {
  let node = value as JsonObject;
  for (let hops = 0; typeof node?.$ref === "string"; hops++) {
    if (hops > 10) throw new Error("a $ref loop");
    const pointer = (node.$ref as string).replace(/^#\//, "").split("/");
    node = pointer.reduce<unknown>(
      (at, key) => (at as JsonObject | undefined)?.[key.replaceAll("~1", "/").replaceAll("~0", "~")],
      doc,
    ) as JsonObject;
    if (node === undefined) throw new Error(`unresolved $ref ${String(value && (value as JsonObject).$ref)}`);
  }
  return node;
}

function operationOf(route: RouteFile, method: string): JsonObject {
  const operation = doc.paths[route.path as string]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${route.path} (${route.file}) is not in the OpenAPI document`);
  return operation;
}

function parameters(operation: JsonObject): JsonObject[] {
  return ((operation.parameters ?? []) as unknown[]).map(resolve);
}

const envelopeRef = "#/components/schemas/ErrorEnvelope";

/** The identifiers a handler passes to parseQuery / parseBody, and the module each was imported from. */
function schemaArgument(route: RouteFile, handler: Handler, fn: "parseQuery" | "parseBody") {
  const m = new RegExp(`${fn}\\(\\s*\\w+\\s*,\\s*(\\w+)`).exec(handler.text);
  if (!m) return null;
  const name = m[1] as string;
  const imported = [...route.source.matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g)].find((i) =>
    (i[1] as string)
      .split(",")
      .map((s) => s.trim().replace(/^type\s+/, ""))
      .includes(name),
  );
  return { name, module: imported?.[2] ?? null };
}

describe("GET /api/openapi.json: the OpenAPI document", () => {
  test("finds the route files (the walk itself works)", () => {
    const paths = ROUTES.map((r) => r.path);
    expect(paths).toContain("/api/stances/{id}/revert");
    expect(paths).toContain("/api/export/{file}");
    expect(paths).toContain("/api/openapi.json");
    expect(paths).toContain(null); // the catch-all, left out
    expect(ROUTES.length).toBeGreaterThan(20);
  });

  test("is OpenAPI 3.1 and valid against the OpenAPI 3.1 schema", async () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBe("Stancewatch");
    expect(doc.info.version).toBe(packageJson.version);
    expect(doc.servers).toEqual([{ url: "/" }]);
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as JsonObject);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  test("every $ref points at something in the document", () => {
    const walk = (value: unknown, where: string): void => {
      if (!value || typeof value !== "object") return;
      const ref = (value as JsonObject).$ref;
      if (typeof ref === "string") {
        expect(ref.startsWith("#/"), `${where}: ${ref}`).toBe(true);
        expect(() => resolve(value), `${where}: ${ref}`).not.toThrow();
      }
      for (const [key, inner] of Object.entries(value)) walk(inner, `${where}/${key}`);
    };
    walk(doc, "#");
  });

  test("has exactly the routes and methods of app/api/**/route.ts", () => {
    const expected = new Map<string, string[]>();
    for (const route of ROUTES) {
      if (route.path === null) continue;
      expect(route.handlers.length, `${route.file} serves no method`).toBeGreaterThan(0);
      expected.set(route.path, route.handlers.map((h) => h.method.toLowerCase()).sort());
    }
    const actual = new Map(Object.entries(doc.paths).map(([p, ops]) => [p, Object.keys(ops).sort()]));
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [p, methods] of expected) expect(actual.get(p), p).toEqual(methods);
  });

  test("each route's 405 handlers allow exactly the methods it serves (so the walk reads them right)", () => {
    for (const route of ROUTES) {
      if (route.path === null) continue;
      const served = route.handlers.map((h) => h.method).sort();
      expect(route.allowed?.slice().sort(), route.file).toEqual(served);
      expect([...route.stubs, ...served].sort(), route.file).toEqual(["DELETE", "GET", "PATCH", "POST", "PUT"].sort());
    }
  });

  test("every operation names its errors in the error envelope, and its success answer", () => {
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(ops)) {
        const responses = operation.responses as Record<string, unknown>;
        const errors = Object.entries(responses).filter(([status]) => Number(status) >= 400);
        expect(errors.length, `${method} ${p}`).toBeGreaterThan(0);
        for (const [status, response] of errors) {
          const schema = (resolve(response).content as Record<string, { schema: JsonObject }>)["application/json"]
            ?.schema;
          expect(schema?.$ref, `${method} ${p} ${status}`).toBe(envelopeRef);
        }
        expect(
          Object.keys(responses).some((s) => /^2\d\d$/.test(s)),
          `${method} ${p}`,
        ).toBe(true);
        expect(responses["500"], `${method} ${p}`).toBeDefined();
      }
    }
  });

  test("a handler that parses a body has its requestBody, from the zod schema it parses with", async () => {
    for (const route of ROUTES) {
      if (route.path === null) continue;
      for (const handler of route.handlers) {
        const operation = operationOf(route, handler.method);
        const where = `${handler.method} ${route.path}`;
        const body = schemaArgument(route, handler, "parseBody");
        if (!body) {
          expect(operation.requestBody, where).toBeUndefined();
          continue;
        }
        const content = (operation.requestBody as JsonObject | undefined)?.content as
          | Record<string, { schema: JsonObject }>
          | undefined;
        expect(content?.["application/json"]?.schema?.$ref, where).toBe(`#/components/schemas/${body.name}`);
        const responses = operation.responses as JsonObject;
        expect(responses["400"], where).toBeDefined();
        expect(responses["413"], where).toBeDefined();
        const schema = body.module ? ((await import(body.module)) as Record<string, z.ZodType>)[body.name] : null;
        expect(schema, `${where}: ${body.name} is not imported from a module`).toBeTruthy();
        expect(doc.components.schemas?.[body.name], where).toEqual(jsonSchemaOf(schema as z.ZodType, "input"));
      }
    }
  });

  test("a handler that parses its query has those query parameters, from the zod schema it parses with", async () => {
    for (const route of ROUTES) {
      if (route.path === null) continue;
      for (const handler of route.handlers) {
        const operation = operationOf(route, handler.method);
        const where = `${handler.method} ${route.path}`;
        const queryParams = parameters(operation).filter((p) => p.in === "query");
        const query = schemaArgument(route, handler, "parseQuery");
        if (!query) {
          expect(queryParams, where).toEqual([]);
          continue;
        }
        const component = doc.components.schemas?.[query.name] as JsonObject | undefined;
        expect(component, where).toBeDefined();
        const schema = query.module ? ((await import(query.module)) as Record<string, z.ZodType>)[query.name] : null;
        expect(schema, `${where}: ${query.name} is not imported from a module`).toBeTruthy();
        expect(component, where).toEqual(jsonSchemaOf(schema as z.ZodType, "input"));
        const properties = (component?.properties ?? {}) as Record<string, JsonObject>;
        const required = (component?.required ?? []) as string[];
        expect(queryParams.map((p) => p.name).sort(), where).toEqual(Object.keys(properties).sort());
        for (const param of queryParams) {
          expect(param.schema, `${where} ${param.name}`).toEqual(properties[param.name as string]);
          expect(param.required, `${where} ${param.name}`).toBe(required.includes(param.name as string));
          expect(param.description, `${where} ${param.name} needs words`).toEqual(expect.any(String));
        }
        expect((operation.responses as JsonObject)["400"], where).toBeDefined();
      }
    }
  });

  test("path parameters: each {name} of the path, required, with a 404", () => {
    for (const route of ROUTES) {
      if (route.path === null) continue;
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const handler of route.handlers) {
        const operation = operationOf(route, handler.method);
        const where = `${handler.method} ${route.path}`;
        const pathParams = parameters(operation).filter((p) => p.in === "path");
        expect(
          pathParams.map((p) => p.name),
          where,
        ).toEqual(names);
        for (const p of pathParams) expect(p.required, where).toBe(true);
        if (names.length > 0) expect((operation.responses as JsonObject)["404"], where).toBeDefined();
      }
    }
  });

  test("security: admin routes need the admin token or session (401, 403); other reads allow READ_TOKEN", () => {
    for (const route of ROUTES) {
      if (route.path === null) continue;
      for (const handler of route.handlers) {
        const operation = operationOf(route, handler.method);
        const where = `${handler.method} ${route.path}`;
        const schemes = (operation.security as JsonObject[]).map((s) => Object.keys(s).join(",") || "anyone");
        const responses = operation.responses as JsonObject;
        if (handler.public) {
          expect(schemes, where).toContain("anyone");
          expect(schemes, where).not.toContain("readToken");
        } else if (handler.text.includes("requireAdmin(")) {
          expect(schemes.sort(), where).toEqual(["adminToken", "session"]);
          expect(responses["401"], where).toBeDefined();
          expect(responses["403"], where).toBeDefined();
        } else {
          expect(schemes.sort(), where).toEqual(["adminToken", "anyone", "readToken", "session"]);
          expect(responses["401"], where).toBeDefined();
        }
        for (const scheme of schemes.filter((s) => s !== "anyone")) {
          expect(doc.components.securitySchemes?.[scheme], where).toBeDefined();
        }
      }
    }
  });

  test("the export route names its file types, the feed Atom", () => {
    const get = (p: string) => doc.paths[p]?.get ?? {};
    const mediaTypes = (p: string) => {
      const ok = (get(p).responses as Record<string, JsonObject>)["200"] ?? {};
      return Object.keys(ok.content ?? {}).sort();
    };
    expect(mediaTypes("/api/export/{file}")).toEqual(["application/json", "image/png", "image/svg+xml", "text/csv"]);
    const file = parameters(get("/api/export/{file}")).find((p) => p.name === "file");
    expect((file?.schema as { enum?: string[] } | undefined)?.enum).toContain("matrix.png");
    expect(mediaTypes("/api/shifts/feed")).toEqual(["application/atom+xml"]);
    expect(mediaTypes("/api/stances")).toEqual(["application/json", "text/csv"]);
  });

  test("is built once", () => {
    expect(openApiDocument()).toBe(openApiDocument());
    expect(Object.isFrozen(openApiDocument().paths)).toBe(true);
  });

  test("the route answers it as JSON with a cache header for a static document", async () => {
    const { GET } = await import("@/app/api/openapi.json/route");
    const res = await GET(new Request("http://localhost/api/openapi.json"), {} as never);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("cache-control")).toMatch(/max-age=\d+/);
    expect(res.headers.get("etag")).toBeTruthy();
    const body = (await res.json()) as { openapi: string; paths: JsonObject };
    expect(body.openapi).toBe("3.1.0");
    expect(Object.keys(body.paths)).toEqual(Object.keys(doc.paths));
  });
});

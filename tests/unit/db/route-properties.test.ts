import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PATCH as patchReport } from "@/app/api/reports/[id]/route";
import { POST as postReport } from "@/app/api/reports/route";
import { PATCH as patchStance } from "@/app/api/stances/[id]/route";
import { POST as postStance } from "@/app/api/stances/route";
import { type Connection, type Database, queryRows } from "@/db/client";
import { createTestDatabase } from "../../helpers/db";

/**
 * The write routes fed hostile bodies (arbitrary JSON, arbitrary values serialised to JSON, and near-valid
 * bodies mutated from a valid one): they answer 2xx or 4xx, never 5xx, a 4xx in the error envelope, and a 4xx
 * leaves every table exactly as it was. The handlers are called in-process with `new Request(...)` against a
 * test database (in-memory PGlite, or PostgreSQL in CI's second pass): hundreds of cases a second, where the
 * same through the built server would spend most of its time on HTTP and a fresh server.
 */

const TOKEN = "route-properties-token";
// Hundreds of requests per test: on a busy 2-core machine they can take longer than the default 30 s. Nothing
// here is timed; the limit only stops a hang.
const CASES_TIMEOUT = 180_000;
const BASE = "http://stancewatch.test";

let conn: Connection;
let db: Database;
let previousToken: string | undefined;
const holder = globalThis as typeof globalThis & { __stancewatchDb?: Promise<unknown> };

beforeAll(async () => {
  conn = await createTestDatabase();
  db = conn.db;
  // The handlers reach the database through getDb(), which serves the process's connection from here.
  holder.__stancewatchDb = Promise.resolve({ ...conn, startedAt: Date.now() });
  previousToken = process.env.ADMIN_TOKEN;
  process.env.ADMIN_TOKEN = TOKEN;
});

afterAll(async () => {
  holder.__stancewatchDb = undefined;
  if (previousToken === undefined) delete process.env.ADMIN_TOKEN;
  else process.env.ADMIN_TOKEN = previousToken;
  await conn?.close();
});

/** Row count and an md5 of every row of every table: equal snapshots mean nothing was written. */
async function snapshot(): Promise<Record<string, string>> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const parts = tables.map(
    ({ name }) =>
      `select '${name}' as name, count(*)::int as n, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as sum from "${name}" t`,
  );
  const rows = await queryRows<{ name: string; n: number; sum: string }>(db, sql.raw(parts.join(" union all ")));
  return Object.fromEntries(rows.map((r) => [r.name, `${r.n}:${r.sum}`]));
}

type Sent = { body: string | undefined; headers: Record<string, string> };
type Outcome = { status: number; body: unknown };

const AUTH = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

/** Headers mostly right, sometimes without the token, with a wrong one or without the JSON content type. */
const headers = fc.oneof(
  { weight: 20, arbitrary: fc.constant(AUTH) },
  { weight: 1, arbitrary: fc.constant({ "content-type": "application/json" }) },
  { weight: 1, arbitrary: fc.constant({ ...AUTH, authorization: "Bearer wrong-token" }) },
  { weight: 1, arbitrary: fc.constant({ ...AUTH, authorization: `Bearer  ${TOKEN} x` }) },
  { weight: 1, arbitrary: fc.constant({ authorization: AUTH.authorization }) },
  { weight: 1, arbitrary: fc.constant({ ...AUTH, "content-type": "text/plain" }) },
);

/** Any JSON text, and any JS value put through JSON.stringify (which drops some, turns others to null). */
const anyJson = fc.oneof(
  fc.json(),
  fc.anything().map((v) => {
    const s = JSON.stringify(v);
    return s === undefined ? "" : s;
  }),
  fc.jsonValue().map((v) => JSON.stringify({ wrapped: v })),
);

/** What can go wrong with a JSON document on the way: cut short, a byte changed, wrapped in an array. */
function damaged(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(valid, fc.double({ min: 0, max: 1, noNaN: true })).map(([s, f]) => s.slice(0, Math.floor(s.length * f))),
    fc
      .tuple(valid, fc.nat(), fc.string({ unit: "binary", minLength: 1, maxLength: 3 }))
      .map(([s, at, c]) => s.slice(0, at % (s.length + 1)) + c + s.slice((at % (s.length + 1)) + 1)),
    valid.map((s) => `[${s}]`),
    valid.map((s) => `${s}${s}`),
  );
}

/** A valid body with one field dropped, replaced by any JSON value or by a hostile string, or one field added. */
function mutated(base: Record<string, unknown>, special: Record<string, fc.Arbitrary<unknown>> = {}) {
  const keys = Object.keys(base);
  const key = fc.constantFrom(...keys);
  const hostileString = fc.oneof(
    fc.string({ unit: "binary", maxLength: 50 }),
    fc.string({ unit: "grapheme", maxLength: 50 }),
    fc.constantFrom("", " ", "\u0000", "\ud800", "<script>alert(1)</script>", "=cmd|' /C calc'!A0", "9".repeat(400)),
  );
  const value = fc.oneof(fc.jsonValue(), hostileString, ...Object.values(special));
  const object = fc.oneof(
    { weight: 5, arbitrary: fc.constant(base) },
    key.map((k) => Object.fromEntries(Object.entries(base).filter(([name]) => name !== k))),
    fc.tuple(key, value).map(([k, v]) => ({ ...base, [k]: v })),
    fc.tuple(fc.string({ maxLength: 12 }), fc.jsonValue()).map(([k, v]) => ({ ...base, [k]: v })),
    ...Object.entries(special).map(([k, arb]) => arb.map((v) => ({ ...base, [k]: v }))),
  );
  const text = object.map((o) => JSON.stringify(o));
  return fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: damaged(text) });
}

const bodies = (valid: fc.Arbitrary<string>, ...more: fc.Arbitrary<string>[]) =>
  fc.oneof(
    { weight: 1, arbitrary: anyJson.map((body): string | undefined => body) },
    { weight: 3, arbitrary: valid },
    { weight: 1, arbitrary: fc.constant(undefined) },
    ...more.map((arbitrary) => ({ weight: 1, arbitrary })),
  );

async function send(
  handler: (request: Request, context: never) => Promise<Response>,
  method: string,
  pathname: string,
  sent: Sent,
  context?: unknown,
): Promise<Outcome> {
  const request = new Request(`${BASE}${pathname}`, { method, headers: sent.headers, body: sent.body });
  const response = await handler(request, context as never);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, body };
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });

/** Runs one request and checks the contract: no 5xx, an error envelope on 4xx, nothing written on 4xx. */
async function check(statuses: number[], call: () => Promise<Outcome>): Promise<Outcome> {
  const before = await snapshot();
  const outcome = await call();
  statuses.push(outcome.status);
  expect(outcome.status, JSON.stringify(outcome.body).slice(0, 500)).toBeGreaterThanOrEqual(200);
  expect(outcome.status, JSON.stringify(outcome.body).slice(0, 500)).toBeLessThan(500);
  if (outcome.status >= 400) {
    expect(outcome.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    expect(await snapshot()).toEqual(before);
  }
  return outcome;
}

function tally(statuses: number[]) {
  return {
    ok: statuses.filter((s) => s < 300).length,
    clientError: statuses.filter((s) => s >= 400 && s < 500).length,
  };
}

// A placeholder the sender swaps for a fresh number, so that a valid report is new text each time (201), not a
// duplicate (409); a body damaged where the placeholder was just keeps what is left of it.
const FRESH = "§n§";
let fresh = 0;
const freshen = (body: string | undefined) => body?.replaceAll(FRESH, String(++fresh));

const VALID_REPORT = {
  title: "Paris and Ankara on the offensive",
  outlet: "Le Monde",
  publishedOn: "2023-09-21",
  url: "https://example.org/report",
  language: "en",
  topic: "karabakh-2023",
  text: `Report ${FRESH}. The French Foreign Ministry condemned the offensive launched by Azerbaijan (Reuters, September 20). The Kremlin called on both sides to stop the fighting. Ankara praised the operation.`,
};

describe("write routes fed hostile JSON (fast-check)", () => {
  test(
    "POST /api/reports: 2xx or 4xx only, and a 4xx changes nothing",
    async () => {
      const statuses: number[] = [];
      const body = bodies(
        mutated(VALID_REPORT, {
          publishedOn: fc.constantFrom("2023-02-30", "2023-13", "2999-01-01", "2023-9-1", "0000-00-00", 20230921),
          topic: fc.oneof(fc.integer(), fc.constantFrom("no-such-topic", "0", "1", "-1", 1, 2_147_483_648)),
          language: fc.constantFrom("", "EN", "eng", "zz", "e\u0301"),
          url: fc.constantFrom(null, "javascript:alert(1)", "http://", "ftp://x", "https://a b"),
          text: fc.oneof(
            fc.string({ unit: "binary", maxLength: 300 }),
            fc.constantFrom("   \n\t", "\r\n\r\n", VALID_REPORT.text.replace(FRESH, "fixed")),
          ),
        }),
        // The same text again: a duplicate, refused with 409 and nothing written.
        fc.constant(JSON.stringify({ ...VALID_REPORT, text: VALID_REPORT.text.replace(FRESH, "twice") })),
      );
      await fc.assert(
        fc.asyncProperty(body, headers, async (raw, h) => {
          const outcome = await check(statuses, () =>
            send(postReport, "POST", "/api/reports", { body: freshen(raw), headers: h }),
          );
          if (outcome.status === 201) {
            const id = (outcome.body as { id: number }).id;
            const [row] = await queryRows<{ n: number }>(
              db,
              sql`select count(*)::int as n from reports where id = ${id}`,
            );
            expect(row?.n).toBe(1);
          }
        }),
        { numRuns: 200 },
      );
      // The cases reached both sides of the contract: the property would hold vacuously otherwise.
      const { ok, clientError } = tally(statuses);
      expect(ok).toBeGreaterThan(5);
      expect(clientError).toBeGreaterThan(50);
      expect(statuses).toContain(409);
      expect(statuses).toContain(401);
    },
    CASES_TIMEOUT,
  );

  test(
    "PATCH /api/stances/{id}: 2xx or 4xx only, and a 4xx changes nothing",
    async () => {
      const codingIds = (await queryRows<{ id: number }>(db, sql`select id from codings order by id`)).map((r) => r.id);
      const citedIds = (await queryRows<{ id: number }>(db, sql`select id from cited_sources order by id`)).map(
        (r) => r.id,
      );
      expect(codingIds.length).toBeGreaterThan(3);
      const id = fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...codingIds.map(String)) },
        { weight: 6, arbitrary: fc.constant("99999999") },
        {
          weight: 1,
          arbitrary: fc.constantFrom("0", "-1", "abc", "1e3", " 1", "1.5", "99999999", "2147483648", "%00", ""),
        },
        { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
      );
      const review = fc.oneof(
        ...[
          { action: "confirm" },
          { action: "reject", note: "not a statement" },
          { action: "correct", stance: "support" },
          { action: "correct", stance: "condemn", note: "misread" },
          { action: "correct", statementDate: "2023-09" },
          { action: "correct", evidenceStart: 0, evidenceEnd: 40 },
          { action: "correct", citedSourceId: citedIds[0] ?? 1 },
          { action: "correct", citedSourceId: null },
        ].map((base) =>
          mutated(base, {
            action: fc.constantFrom("Confirm", "delete", "", null),
            stance: fc.constantFrom("supports", "neutral", "NEUTRAL", 1),
            evidenceStart: fc.oneof(fc.integer(), fc.double(), fc.constant(-0)),
            evidenceEnd: fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.constantFrom(2_147_483_648, 1e300)),
            statementDate: fc.constantFrom("2023-02-29", "2023-00", "yesterday", "2023-09-01T00:00:00Z"),
            note: fc.string({ unit: "binary", maxLength: 2_100 }),
          }),
        ),
      );
      const statuses: number[] = [];
      await fc.assert(
        fc.asyncProperty(id, bodies(review), headers, async (codingId, raw, h) => {
          await check(statuses, () =>
            send(
              patchStance,
              "PATCH",
              `/api/stances/${encodeURIComponent(codingId)}`,
              { body: raw, headers: h },
              params(codingId),
            ),
          );
        }),
        { numRuns: 250 },
      );
      const { ok, clientError } = tally(statuses);
      expect(ok).toBeGreaterThan(5);
      expect(clientError).toBeGreaterThan(50);
      expect(statuses).toContain(404);
    },
    CASES_TIMEOUT,
  );

  test(
    "POST /api/stances (an analyst's coding): 2xx or 4xx only, and a 4xx changes nothing",
    async () => {
      const reports = await queryRows<{ id: number; body: string }>(db, sql`select id, body from reports order by id`);
      // A different valid coding each time (another report, actor, stance or span inside its body), so that most
      // are new (201) rather than twins of one already there (409).
      const base = fc
        .record({
          report: fc.constantFrom(...reports),
          actor: fc.constantFrom("TR", "RU", "US", "FR", "DE", "EU"),
          stance: fc.constantFrom("support", "condemn", "neutral"),
          at: fc.double({ min: 0, max: 0.9, noNaN: true }),
          length: fc.integer({ min: 5, max: 200 }),
        })
        .map(({ report, at, length, ...b }) => {
          const evidenceStart = Math.floor(report.body.length * at);
          const evidenceEnd = Math.min(report.body.length, evidenceStart + length);
          return { ...b, reportId: report.id, evidenceStart, evidenceEnd };
        });
      const coding = base.chain((b) =>
        mutated(b, {
          reportId: fc.oneof(fc.integer(), fc.constantFrom("1", 1.5, 0, 99_999_999)),
          actor: fc.constantFrom("fr", "XX", "TR,RU", "", " DE ", "Turkey"),
          stance: fc.constantFrom("Support", "supports", ""),
          evidenceStart: fc.integer({ min: -3, max: 3_000 }),
          evidenceEnd: fc.integer({ min: -3, max: 100_000 }),
        }),
      );
      const statuses: number[] = [];
      await fc.assert(
        fc.asyncProperty(bodies(coding), headers, async (raw, h) => {
          await check(statuses, () => send(postStance, "POST", "/api/stances", { body: raw, headers: h }));
        }),
        { numRuns: 150 },
      );
      const { ok, clientError } = tally(statuses);
      expect(ok).toBeGreaterThan(5);
      expect(clientError).toBeGreaterThan(50);
    },
    CASES_TIMEOUT,
  );

  test(
    "a report takes no writes at /api/reports/{id}: 405 whatever the body, and nothing changes",
    async () => {
      const statuses: number[] = [];
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(anyJson, mutated(VALID_REPORT)),
          headers,
          fc.string({ maxLength: 8 }),
          async (raw, h, id) => {
            const outcome = await check(statuses, () =>
              send(
                patchReport,
                "PATCH",
                `/api/reports/${encodeURIComponent(id)}`,
                { body: raw, headers: h },
                params(id),
              ),
            );
            expect(outcome.status).toBe(405);
          },
        ),
        { numRuns: 50 },
      );
    },
    CASES_TIMEOUT,
  );
});

import { expect, test } from "@playwright/test";
import { expectError } from "../helpers/expect-error";
import { INGEST_PORT, urlOf } from "../helpers/ports";
import { withOwnServer } from "../helpers/server";
import { ADMIN_AUTH } from "../helpers/session";

// Ingest writes reports, so it runs on its own server and database (the sample data only): the read suites'
// counts on the shared server stay exact. Serial: later cases look for what earlier ones stored.
test.describe.configure({ mode: "serial" });
test.use({ baseURL: urlOf(INGEST_PORT) });
withOwnServer({ port: INGEST_PORT, name: "ingest" });

// A report we wrote for this test: France condemns, Russia calls on both sides, Turkey backs Azerbaijan.
const TEXT = [
  "Paris, 20 September. France condemned the offensive launched by Azerbaijan in Karabakh (Le Monde, September 19).",
  "The Russian Foreign Ministry called on both sides to stop the fighting and return to talks.",
  "In Ankara, President Erdogan said Turkey stands with Azerbaijan.",
  "Russian peacekeepers remained at their posts.",
].join("\n\n");

const report = (patch: Record<string, unknown> = {}) => ({
  title: "Capitals react to the Karabakh offensive",
  outlet: "Stancewatch test wire",
  publishedOn: "2023-09-20",
  url: "https://example.org/karabakh-reactions",
  language: "en",
  topic: "karabakh-2023",
  text: TEXT,
  ...patch,
});

let storedId = 0;

test.describe("[INGEST]", () => {
  test("POST /api/reports codes the report at once: 201 with the report and its stances", async ({ request }) => {
    const res = await request.post("/api/reports", { headers: ADMIN_AUTH, data: report() });
    expect(res.status()).toBe(201);
    const body = await res.json();
    storedId = body.id;
    expect(res.headers().location).toBe(`/api/reports/${body.id}`);
    expect(body).toMatchObject({ title: "Capitals react to the Karabakh offensive", topicSlug: "karabakh-2023" });
    const labels = Object.fromEntries(
      body.reportStances.map((r: { actor: string; stance: string }) => [r.actor, r.stance]),
    );
    expect(labels).toEqual({ FR: "condemn", RU: "neutral", TR: "support" });
    const fr = body.stances.find((s: { actor: string }) => s.actor === "FR");
    expect(fr).toMatchObject({ status: "auto", statementDate: "2023-09-19", citedSource: { outlet: "Le Monde" } });
    expect(fr.coder).toMatch(/^stancewatch-coder\//);
    expect(fr.explanation).toMatchObject({ alias: "France", cueId: "condemn" });
    // The stored report serves the same codings, with offsets into its body.
    const stored = await (await request.get(`/api/reports/${body.id}`)).json();
    for (const s of stored.codings) expect(stored.body.slice(s.evidenceStart, s.evidenceEnd)).toBe(s.evidence);
    expect(stored.codings).toHaveLength(body.stances.length);
  });

  test("the dashboard's reads see the new codings", async ({ request }) => {
    const res = await request.get(`/api/stances?report=${storedId}&actor=TR`);
    expect((await res.json()).items.map((s: { stance: string }) => s.stance)).toEqual(["support"]);
  });

  test("the same text again is 409 with the stored report's id, and stores nothing", async ({ request }) => {
    const before = (await (await request.get("/api/reports")).json()).items.length;
    const res = await request.post("/api/reports", { headers: ADMIN_AUTH, data: report({ title: "Another title" }) });
    const error = await expectError(res, 409, /already stored as report/);
    expect(error.reportId).toBe(storedId);
    expect((await (await request.get("/api/reports")).json()).items.length).toBe(before);
  });

  test("no token or a wrong one is 401", async ({ request }) => {
    await expectError(await request.post("/api/reports", { data: report({ text: "x" }) }), 401, /token|Sign in/i);
    await expectError(
      await request.post("/api/reports", { headers: { authorization: "Bearer wrong" }, data: report() }),
      401,
      /wrong/,
    );
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ["empty text", { text: "   \n " }, /text is empty/],
    ["oversized text", { text: "a".repeat(1_000_001) }, /over 1 MB/],
    ["NUL byte", { text: "France condemned\u0000 it." }, /NUL/],
    ["unknown topic", { topic: "no-such-topic" }, /Unknown topic "no-such-topic"/],
    ["bad date", { publishedOn: "2023-02-30" }, /publishedOn must be a calendar date/],
    ["future date", { publishedOn: "2999-01-01" }, /in the future/],
    ["bad url", { url: "javascript:alert(1)" }, /url must be an http/],
    ["bad language", { language: "english" }, /two-letter/],
    ["missing title", { title: undefined }, /title/],
    ["unknown field", { colour: "red" }, /unknown field "colour"/],
  ];
  for (const [name, patch, message] of bad) {
    test(`400 ${name}, nothing stored`, async ({ request }) => {
      const before = (await (await request.get("/api/reports")).json()).items.length;
      await expectError(
        await request.post("/api/reports", {
          headers: ADMIN_AUTH,
          data: report({ ...patch, text: patch.text ?? `${TEXT} ${name}` }),
        }),
        400,
        message,
      );
      expect((await (await request.get("/api/reports")).json()).items.length).toBe(before);
    });
  }

  test("400 for a body that is not JSON", async ({ request }) => {
    const res = await request.post("/api/reports", {
      headers: { ...ADMIN_AUTH, "content-type": "application/json" },
      data: Buffer.from("{not json"),
    });
    await expectError(res, 400, /not valid JSON/);
  });

  test("a month-precision date and a topic given by id", async ({ request }) => {
    const topics = (await (await request.get("/api/topics")).json()).items;
    const res = await request.post("/api/reports", {
      headers: ADMIN_AUTH,
      data: report({ publishedOn: "2023-10", topic: topics[0].id, text: `${TEXT}\n\nA monthly digest.` }),
    });
    expect(res.status()).toBe(201);
    expect(await res.json()).toMatchObject({ publishedOn: "2023-10-01", publishedPrecision: "month" });
  });

  test("preview codes without storing", async ({ request }) => {
    const before = (await (await request.get("/api/reports")).json()).items.length;
    const res = await request.post("/api/reports/preview", {
      headers: ADMIN_AUTH,
      data: report({ text: `${TEXT}\n\nPreview only.` }),
    });
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.reportStances.map((r: { actor: string }) => r.actor).sort()).toEqual(["FR", "RU", "TR"]);
    expect((await (await request.get("/api/reports")).json()).items.length).toBe(before);
    await expectError(await request.post("/api/reports/preview", { data: report() }), 401, /token|Sign in/i);
  });
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { lastLine, runScript, type ScriptRun } from "../../helpers/run-script";
import { ADMIN_TOKEN, ON_POSTGRES } from "../env";
import { expectError } from "../helpers/expect-error";
import { TOPICS_PORT, urlOf } from "../helpers/ports";
import { suiteDataDir, withOwnServer } from "../helpers/server";
import { ADMIN_AUTH } from "../helpers/session";

// Creating topics and importing reports write, so this suite runs on its own server and database (the sample
// data only). Serial: later cases look for what earlier ones created.
const TOPICS_URL = urlOf(TOPICS_PORT);

test.describe.configure({ mode: "serial" });
test.use({ baseURL: TOPICS_URL });
withOwnServer({ port: TOPICS_PORT, name: "topics" });

let derivedId = 0;

test.describe("[TOPICS]", () => {
  test("POST /api/topics: 201 with the topic item, its slug made from the title", async ({ request }) => {
    const res = await request.post("/api/topics", {
      headers: ADMIN_AUTH,
      data: { title: "  Freedonia's shelling of Test Town ", actingParty: "Freedonia" },
    });
    expect(res.status()).toBe(201);
    const body = await res.json();
    derivedId = body.id;
    expect(body).toEqual({
      id: expect.any(Number),
      slug: "freedonias-shelling-of-test-town",
      title: "Freedonia's shelling of Test Town",
      actingParty: "Freedonia",
      actingPartyAliases: [],
      targetParties: [],
      description: null,
      reportCount: 0,
      codingCount: 0,
    });
    const listed = (await (await request.get("/api/topics")).json()).items;
    expect(listed.find((t: { id: number }) => t.id === derivedId)).toEqual(body);
  });

  test("[PARTIES] a title alone gives the acting party and its targets, and GET returns them", async ({ request }) => {
    const res = await request.post("/api/topics", {
      headers: ADMIN_AUTH,
      data: { title: "Russia's blockade of Ukraine's ports in a test" },
    });
    expect(res.status()).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ actingParty: "Russia", targetParties: [{ name: "Ukraine", aliases: [] }] });
    const listed = (await (await request.get("/api/topics")).json()).items;
    expect(listed.find((t: { id: number }) => t.id === body.id)).toMatchObject({
      targetParties: [{ name: "Ukraine", aliases: [] }],
    });
  });

  test("[PARTIES] parties the caller gives are kept as given", async ({ request }) => {
    const res = await request.post("/api/topics", {
      headers: ADMIN_AUTH,
      data: {
        title: "The Test Bay landing",
        actingParty: "Freedonia",
        actingPartyAliases: ["Fredville"],
        targetParties: [{ name: "Sylvania", aliases: ["Sylvan City"] }],
      },
    });
    expect(res.status()).toBe(201);
    expect(await res.json()).toMatchObject({
      actingParty: "Freedonia",
      actingPartyAliases: ["Fredville"],
      targetParties: [{ name: "Sylvania", aliases: ["Sylvan City"] }],
    });
  });

  test("[PARTIES] GET /api/topics/suggest proposes the parties of a title, null when it names none", async ({
    request,
  }) => {
    const known = await request.get("/api/topics/suggest", {
      params: { title: "The United States' withdrawal from the Iran nuclear deal" },
    });
    expect(known.status()).toBe(200);
    expect(await known.json()).toEqual({
      actingParty: "United States",
      actingPartyAliases: [],
      targetParties: [{ name: "Iran", aliases: [] }],
    });
    const none = await request.get("/api/topics/suggest", { params: { title: "A quiet week" } });
    expect(await none.json()).toEqual({ actingParty: null, actingPartyAliases: [], targetParties: [] });
    await expectError(await request.get("/api/topics/suggest"), 400, /title/);
  });

  test("a given slug, aliases and a description are kept", async ({ request }) => {
    const res = await request.post("/api/topics", {
      headers: ADMIN_AUTH,
      data: {
        title: "The Test Valley ceasefire",
        actingParty: "Armenia and Azerbaijan",
        slug: "test-valley-ceasefire",
        actingPartyAliases: ["Yerevan", "Baku"],
        description: "Written for the API tests.",
      },
    });
    expect(res.status()).toBe(201);
    expect(await res.json()).toMatchObject({
      slug: "test-valley-ceasefire",
      actingPartyAliases: ["Yerevan", "Baku"],
      description: "Written for the API tests.",
    });
  });

  test("a taken slug is 409 with the id of the topic that has it", async ({ request }) => {
    const res = await request.post("/api/topics", {
      headers: ADMIN_AUTH,
      data: { title: "Another title", actingParty: "Freedonia", slug: "freedonias-shelling-of-test-town" },
    });
    const error = await expectError(res, 409, /"freedonias-shelling-of-test-town" is taken by topic \d+/);
    expect(error).toMatchObject({ code: "conflict", topicId: derivedId });
    // The same title again makes the same slug: also 409, never a silently different slug.
    const again = await request.post("/api/topics", {
      headers: ADMIN_AUTH,
      data: { title: "Freedonia's shelling of Test Town", actingParty: "Freedonia" },
    });
    expect((await expectError(again, 409, /is taken/)).topicId).toBe(derivedId);
  });

  test("no token or a wrong one is 401, and nothing is created", async ({ request }) => {
    const data = { title: "Unauthorised topic", actingParty: "Freedonia" };
    await expectError(await request.post("/api/topics", { data }), 401, /token|Sign in/i);
    await expectError(
      await request.post("/api/topics", { headers: { authorization: "Bearer wrong" }, data }),
      401,
      /wrong/,
    );
    const listed = (await (await request.get("/api/topics")).json()).items;
    expect(listed.map((t: { title: string }) => t.title)).not.toContain("Unauthorised topic");
  });

  const bad: [string, unknown, RegExp][] = [
    ["missing title", { actingParty: "Freedonia" }, /title: title must be a string/],
    ["empty acting party", { title: "T", actingParty: "  " }, /actingParty: actingParty must not be empty/],
    ["a slug with spaces", { title: "T", actingParty: "F", slug: "my topic" }, /slug must be lowercase letters a-z/],
    ["a digits-only slug", { title: "T", actingParty: "F", slug: "2024" }, /slug must contain a letter/],
    ["a slug too long", { title: "T", actingParty: "F", slug: "a".repeat(81) }, /slug is at most 80 characters/],
    ["aliases as a string", { title: "T", actingParty: "F", actingPartyAliases: "Baku" }, /must be a list of names/],
    ["an unknown field", { title: "T", actingParty: "F", colour: "red" }, /unknown field "colour".*Accepted fields/],
    [
      "a title naming no party, without actingParty",
      { title: "The summit" },
      /names no acting party.*send actingParty/,
    ],
    [
      "target parties as a string",
      { title: "T", actingParty: "F", targetParties: "Ukraine" },
      /targetParties must be a list/,
    ],
    ["a target party without a name", { title: "T", actingParty: "F", targetParties: [{ aliases: [] }] }, /name/],
    [
      "a target party as a bare name",
      { title: "T", actingParty: "F", targetParties: ["Ukraine"] },
      /each target party is an object/,
    ],
    ["a list instead of an object", ["T"], /send a JSON object/],
  ];
  for (const [name, data, message] of bad) {
    test(`400 ${name}`, async ({ request }) => {
      await expectError(await request.post("/api/topics", { headers: ADMIN_AUTH, data }), 400, message);
    });
  }

  test("400 for a body that is not JSON; 405 for other methods", async ({ request }) => {
    const res = await request.post("/api/topics", {
      headers: { ...ADMIN_AUTH, "content-type": "application/json" },
      data: Buffer.from("{not json"),
    });
    await expectError(res, 400, /not valid JSON/);
    const put = await request.put("/api/topics", { headers: ADMIN_AUTH, data: {} });
    expect(put.status()).toBe(405);
    expect(put.headers().allow).toBe("GET, POST");
  });
});

// Reports written for this test. The server holds its data folder, so `npm run import` must go through its API.
const FILES: Record<string, string> = {
  "a.txt":
    "Title: Paris on the shelling\nOutlet: Test Wire\nDate: 2024-03-15\nTopic: freedonias-shelling-of-test-town\n\n" +
    "France condemned the shelling of Test Town by Freedonia.",
  "b.md":
    '---\ntitle: "Berlin on the shelling"\noutlet: Test Daily\ndate: 2024-03\ntopic: freedonias-shelling-of-test-town\n---\n\n' +
    "Germany condemned the attack carried out by Freedonia.",
  "c.json": JSON.stringify({
    id: "e2e-1",
    outlet: "Test Agency",
    title: "Washington on the crossing",
    published: "2024-04-02",
    language: "en",
    target: "Armenia's closure of the E2E Valley crossing",
    text: "The United States urged Armenia to reopen the E2E Valley crossing.",
    gold: [],
  }),
  "d.jsonl": [
    JSON.stringify({
      title: "Brussels on the shelling",
      outlet: "Test Wire",
      publishedOn: "2024-03-18",
      topic: "freedonias-shelling-of-test-town",
      text: "The European Union condemned the shelling by Freedonia.",
    }),
    JSON.stringify({
      outlet: "Test Agency",
      title: "Moscow on the crossing",
      published: "2024-04-03",
      target: "Armenia's closure of the E2E Valley crossing",
      text: "The Russian Foreign Ministry called on Armenia to lift the closure of the crossing.",
    }),
  ].join("\n"),
  "e.txt": "No header at all.",
  "f.csv": "not,a,report",
};

function runImport(args: string[], token = ADMIN_TOKEN): Promise<ScriptRun> {
  return runScript("import.ts", args, {
    DATA_DIR: suiteDataDir("topics"),
    DATABASE_URL: "",
    STANCEWATCH_URL: TOPICS_URL,
    ADMIN_TOKEN: token,
  });
}

test.describe("[IMPORT] over the API of the server that holds the data folder", () => {
  test.skip(ON_POSTGRES, "the server holds no data folder on PostgreSQL: the import opens the database itself");
  let dir = "";
  test.beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-e2e-import-"));
    for (const [name, content] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, name), content);
  });
  test.afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a dry run codes through the API and writes nothing", async ({ request }) => {
    test.setTimeout(120_000);
    const run = await runImport([dir, "--dry-run"]);
    expect(run.stderr).toContain("goes through that server's API");
    expect(lastLine(run.stdout)).toBe("dry run, nothing written: would add 5, duplicates 0, failed 1, skipped 1");
    expect(run.code).toBe(1);
    const topics = (await (await request.get("/api/topics")).json()).items;
    expect(topics.map((t: { slug: string }) => t.slug)).not.toContain("armenias-closure-of-the-e2e-valley-crossing");
  });

  test("imports five reports and creates the corpus target's topic; again, all five are duplicates", async ({
    request,
  }) => {
    test.setTimeout(120_000);
    const run = await runImport([dir]);
    expect(lastLine(run.stdout)).toBe("added 5, duplicates 0, failed 1, skipped 1");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/e\.txt: no metadata header/);
    expect(run.stdout).toMatch(/a\.txt → report \d+, freedonias-shelling-of-test-town: FR condemn/);
    const topics = (await (await request.get("/api/topics")).json()).items;
    const created = topics.find((t: { slug: string }) => t.slug === "armenias-closure-of-the-e2e-valley-crossing");
    expect(created).toMatchObject({ actingParty: "Armenia", reportCount: 2 });
    expect(topics.find((t: { id: number }) => t.id === derivedId)).toMatchObject({ reportCount: 3 });

    const again = await runImport([dir]);
    expect(lastLine(again.stdout)).toBe("added 0, duplicates 5, failed 1, skipped 1");
    expect(again.stdout).toMatch(/a\.txt → already stored as report \d+/);
  });

  test("a wrong token stops the import before any report is sent", async () => {
    const run = await runImport([dir], "not-the-token-0123456789");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/refused the token \(401: The admin token is wrong\); set ADMIN_TOKEN/);
    expect(run.stdout).toBe("");
  });
});

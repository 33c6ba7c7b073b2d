import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ApiError, asApiError } from "@/contracts/errors";
import type { Connection } from "@/db/client";
import { getReport } from "@/db/queries/reports";
import { createTopic, listTopics } from "@/db/queries/topics";
import { reports, topics } from "@/db/schema";
import { loadDefaultActors } from "@/db/seed/load";
import { Problem } from "@/domain/errors";
import { importIntoDatabase } from "@/server/import/database";
import type { ImportSummary } from "@/server/import/run";
import { createTestDatabase } from "../../helpers/db";

// Every text here was written for this test: an invented border dispute between Armenia and a made-up town.
const NEW_TARGET = "Armenia's closure of the Test Valley crossing";

const FILES: Record<string, string> = {
  "clash.txt": [
    "Title: Capitals react to the shelling",
    "Outlet: Test Wire",
    "Date: 2024-03-15",
    "Topic: test-shelling",
    "",
    "France condemned the shelling of the border town by Freedonia.",
    "",
    "The Russian Foreign Ministry called on both sides to show restraint.",
  ].join("\n"),
  "notes/reply.md": [
    "---",
    'title: "Berlin speaks"',
    "outlet: Test Daily",
    "date: 2024-03",
    "topic: test-shelling",
    "---",
    "",
    "Germany condemned the attack carried out by Freedonia.",
  ].join("\n"),
  "labelled.json": JSON.stringify({
    id: "test-1",
    url: "https://example.org/test-1",
    outlet: "Test Agency",
    title: "Paris on the crossing",
    published: "2024-04-02",
    language: "en",
    target: NEW_TARGET,
    text: "France called on Armenia to reopen the Test Valley crossing without delay.",
    gold: [],
  }),
  "batch.jsonl": [
    JSON.stringify({
      title: "Ankara's view",
      outlet: "Test Wire",
      publishedOn: "2024-03-18",
      topic: "test-shelling",
      text: "The European Union condemned the shelling by Freedonia in the strongest terms.",
    }),
    JSON.stringify({
      outlet: "Test Agency",
      title: "Washington on the crossing",
      published: "2024-04-03",
      target: NEW_TARGET,
      text: "The United States urged Armenia to lift the closure of the crossing.",
    }),
  ].join("\n"),
  "broken.txt": "Somebody forgot the header.\n\nFrance condemned it anyway.",
  "scan.pdf": "%PDF-1.4 not a report",
};

let conn: Connection;
let dir: string;

beforeAll(async () => {
  conn = await createTestDatabase({ sample: false });
  await loadDefaultActors(conn.db);
  await createTopic(conn.db, {
    title: "Freedonia's shelling of the border town",
    actingParty: "Freedonia",
    slug: "test-shelling",
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-import-"));
  for (const [name, content] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
});
afterAll(async () => {
  await conn?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const count = async () => (await conn.db.select({ id: reports.id }).from(reports)).length;

function bySource(summary: ImportSummary) {
  return Object.fromEntries(summary.outcomes.map((o) => [o.source, o]));
}

describe("importIntoDatabase", () => {
  let first: ImportSummary;

  test("a dry run finds what the import will do and writes nothing", async () => {
    const summary = await importIntoDatabase(conn.db, [dir], { cwd: dir, dryRun: true });
    expect([summary.added, summary.duplicates, summary.failed, summary.skipped]).toEqual([5, 0, 1, ["scan.pdf"]]);
    expect(summary.outcomes.filter((o) => o.status === "added").map((o) => o.reportId)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(summary.topicsCreated.map((t) => t.slug)).toEqual(["armenias-closure-of-the-test-valley-crossing"]);
    expect(await count()).toBe(0);
    expect((await listTopics(conn.db)).map((t) => t.slug)).toEqual(["test-shelling"]);
  });

  test("one .txt, one .md, a corpus .json and a .jsonl of two: five reports, the broken file fails alone", async () => {
    first = await importIntoDatabase(conn.db, [dir], { cwd: dir });
    expect({
      files: first.files,
      added: first.added,
      duplicates: first.duplicates,
      failed: first.failed,
      skipped: first.skipped,
      aborted: first.aborted,
    }).toEqual({ files: 5, added: 5, duplicates: 0, failed: 1, skipped: ["scan.pdf"], aborted: null });
    const outcomes = bySource(first);
    expect(Object.keys(outcomes).sort()).toEqual([
      "batch.jsonl:1",
      "batch.jsonl:2",
      "broken.txt",
      "clash.txt",
      "labelled.json",
      path.join("notes", "reply.md"),
    ]);
    expect(outcomes["broken.txt"]).toMatchObject({
      status: "failed",
      reason: expect.stringMatching(/^no metadata header/),
    });
    expect(outcomes["clash.txt"]).toMatchObject({
      status: "added",
      topic: "test-shelling",
      stances: [
        { actor: "FR", stance: "condemn" },
        { actor: "RU", stance: "neutral" },
      ],
    });
    expect(await count()).toBe(5);
  });

  test("the stored reports carry the files' metadata, and the corpus target became one topic", async () => {
    const md = bySource(first)[path.join("notes", "reply.md")];
    if (md?.status !== "added" || md.reportId === null) throw new Error("reply.md was not added");
    expect(await getReport(conn.db, md.reportId)).toMatchObject({
      title: "Berlin speaks",
      outlet: "Test Daily",
      publishedOn: "2024-03-01",
      publishedPrecision: "month",
      topicSlug: "test-shelling",
      body: "Germany condemned the attack carried out by Freedonia.",
    });
    expect(first.topicsCreated).toEqual([
      {
        id: expect.any(Number),
        slug: "armenias-closure-of-the-test-valley-crossing",
        title: NEW_TARGET,
        actingParty: "Armenia",
      },
    ]);
    const [created] = await conn.db.select().from(topics).where(eq(topics.title, NEW_TARGET));
    const onCreated = await conn.db
      .select({ id: reports.id })
      .from(reports)
      .where(eq(reports.topicId, created?.id ?? -1));
    expect(onCreated).toHaveLength(2);
  });

  test("importing the folder again: every report is a duplicate naming the stored one, nothing written", async () => {
    const again = await importIntoDatabase(conn.db, [dir], { cwd: dir });
    expect([again.added, again.duplicates, again.failed, again.skipped.length]).toEqual([0, 5, 1, 1]);
    expect(again.topicsCreated).toEqual([]);
    const before = bySource(first);
    for (const o of again.outcomes) {
      if (o.status === "failed") continue;
      const was = before[o.source];
      expect(o).toEqual({
        source: o.source,
        status: "duplicate",
        reportId: was?.status === "added" ? was.reportId : -1,
        firstSource: null,
      });
    }
    expect(await count()).toBe(5);
  });

  test("the same text twice in one import: the second names the first", async () => {
    const twice = fs.mkdtempSync(path.join(os.tmpdir(), "sw-import-twice-"));
    const text =
      "Title: Once\nOutlet: Test Wire\nDate: 2024-05-01\nTopic: test-shelling\n\nFrance condemned the new shelling by Freedonia.";
    fs.writeFileSync(path.join(twice, "a.txt"), text);
    fs.writeFileSync(path.join(twice, "b.txt"), text.replace("Title: Once", "Title: Twice"));
    try {
      const dry = await importIntoDatabase(conn.db, [twice], { cwd: twice, dryRun: true });
      expect(dry.outcomes.map((o) => [o.source, o.status])).toEqual([
        ["a.txt", "added"],
        ["b.txt", "duplicate"],
      ]);
      expect(dry.outcomes[1]).toMatchObject({ reportId: null, firstSource: "a.txt" });
      const real = await importIntoDatabase(conn.db, [twice], { cwd: twice });
      const [a, b] = real.outcomes;
      expect(b).toEqual({
        source: "b.txt",
        status: "duplicate",
        reportId: a?.status === "added" ? a.reportId : -1,
        firstSource: "a.txt",
      });
    } finally {
      fs.rmSync(twice, { recursive: true, force: true });
    }
  });

  test("--topic files every report under one topic; invalid fields and unknown topics fail with what to fix", async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "sw-import-topic-"));
    fs.writeFileSync(
      path.join(other, "x.jsonl"),
      [
        {
          title: "Elsewhere",
          outlet: "Test Wire",
          publishedOn: "2024-06-01",
          topic: "no-such",
          text: "Germany condemned the raid by Freedonia.",
        },
        {
          title: "Bad date",
          outlet: "Test Wire",
          publishedOn: "2024-02-30",
          text: "France condemned the raid by Freedonia.",
        },
        {
          title: "Extra",
          outlet: "Test Wire",
          publishedOn: "2024-06-02",
          text: "Russia condemned the raid by Freedonia.",
          colour: "red",
        },
      ]
        .map((o) => JSON.stringify(o))
        .join("\n"),
    );
    try {
      const loose = await importIntoDatabase(conn.db, [other], { cwd: other, dryRun: true });
      expect(loose.outcomes.map((o) => (o.status === "failed" ? o.reason : o.status))).toEqual([
        'Unknown topic "no-such". Known topics: armenias-closure-of-the-test-valley-crossing, test-shelling',
        "publishedOn: publishedOn must be a calendar date written YYYY-MM-DD, or YYYY-MM when only the month is known",
        'colour: unknown field "colour"',
      ]);
      const fixed = await importIntoDatabase(conn.db, [other], { cwd: other, topic: "test-shelling" });
      expect(fixed.outcomes.map((o) => (o.status === "added" ? o.topic : o.status))).toEqual([
        "test-shelling",
        "failed",
        "failed",
      ]);
      await expect(importIntoDatabase(conn.db, [other], { cwd: other, topic: "nope" })).rejects.toThrow(
        /Unknown topic "nope"/,
      );
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});

describe("createTopic", () => {
  test("makes the slug from the title; a taken slug is a 409 naming the topic that has it", async () => {
    const made = await createTopic(conn.db, { title: "Freedonia's test manoeuvres", actingParty: "Freedonia" });
    expect(made).toMatchObject({
      slug: "freedonias-test-manoeuvres",
      actingPartyAliases: [],
      description: null,
      reportCount: 0,
    });
    const error = await createTopic(conn.db, { title: "Freedonia's test manoeuvres", actingParty: "Freedonia" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Problem);
    expect((asApiError(error) as ApiError).status).toBe(409);
    expect((asApiError(error) as ApiError).toBody().error).toMatchObject({
      code: "conflict",
      message: expect.stringContaining(`taken by topic ${made.id}`),
      topicId: made.id,
    });
  });
});

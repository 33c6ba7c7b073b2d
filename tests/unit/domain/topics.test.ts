import { describe, expect, test } from "vitest";
import { NewTopicBody } from "@/contracts/topics";
import actorsData from "@/db/seed/actors.json";
import type { CoderActor } from "@/domain/coder";
import { completeTopic, numberedSlug, slugFromTitle } from "@/domain/topics";

describe("slugFromTitle", () => {
  test.each([
    ["Freedonia's blockade of the river port", "freedonias-blockade-of-the-river-port"],
    ["  The 2024 border clash (March)  ", "the-2024-border-clash-march"],
    ["Sylvanie : l’opération « Éclair »", "sylvanie-loperation-eclair"],
    ["Azerbaycan'ın Karabağ operasyonu", "azerbaycanin-karabag-operasyonu"],
    ["Straße zum Grenzübergang", "strasse-zum-grenzubergang"],
    ["2024", "topic-2024"],
  ])("%s → %s", (title, slug) => {
    expect(slugFromTitle(title)).toBe(slug);
  });

  test("a long title is cut at a word, within 80 characters", () => {
    const slug = slugFromTitle(`The ${"very ".repeat(30)}long title`);
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toMatch(/^the(-very)+$/);
  });

  test("a title with no Latin letters gets a stable hashed slug", () => {
    const slug = slugFromTitle("Операция в Карабахе");
    expect(slug).toMatch(/^topic-[0-9a-f]{8}$/);
    expect(slugFromTitle("Операция в Карабахе")).toBe(slug);
    expect(slugFromTitle("Другая тема")).not.toBe(slug);
  });

  test("numbered slugs stay within the limit", () => {
    expect(numberedSlug("border-clash", 2)).toBe("border-clash-2");
    const long = slugFromTitle(`The ${"very ".repeat(30)}long title`);
    expect(numberedSlug(long, 12).length).toBeLessThanOrEqual(80);
    expect(numberedSlug(long, 12)).toMatch(/-12$/);
  });
});

describe("completeTopic: parties the caller leaves out come from the title", () => {
  const actors = (actorsData as { actors: CoderActor[] }).actors;
  const parse = (body: unknown) => NewTopicBody.parse(body);

  test("a title alone gives the acting party and its targets", () => {
    const topic = completeTopic(parse({ title: "Russia's full-scale invasion of Ukraine in February 2022" }), actors);
    expect(topic).toMatchObject({
      actingParty: "Russia",
      actingPartyAliases: [],
      targetParties: [{ name: "Ukraine", aliases: [] }],
    });
  });

  test("a given acting party keeps the title's targets, less itself under any of its names", () => {
    const alias = completeTopic(
      parse({ title: "Russia's invasion of Ukraine", actingParty: "Russian Federation" }),
      actors,
    );
    expect(alias.targetParties).toEqual([{ name: "Ukraine", aliases: [] }]);
    const given = completeTopic(
      parse({
        title: "The invasion",
        actingParty: "Russian Federation",
        targetParties: [{ name: "Russia" }, { name: "Ukraine" }],
      }),
      actors,
    );
    expect(given.targetParties).toEqual([{ name: "Ukraine", aliases: [] }]);
  });

  test("a title that names only the target needs the acting party, and keeps the target", () => {
    expect(() => completeTopic(parse({ title: "Sanctions on Iran" }), actors)).toThrow(/send actingParty/);
    expect(completeTopic(parse({ title: "Sanctions on Iran", actingParty: "United States" }), actors)).toMatchObject({
      actingParty: "United States",
      targetParties: [{ name: "Iran", aliases: [] }],
    });
  });

  test("given targets are kept, less any that is the acting party itself", () => {
    const topic = completeTopic(
      parse({
        title: "Freedonia's landing",
        actingParty: "Freedonia",
        targetParties: [{ name: "Sylvania", aliases: ["Sylvan City"] }, { name: "Freedonia" }],
      }),
      actors,
    );
    expect(topic.targetParties).toEqual([{ name: "Sylvania", aliases: ["Sylvan City"] }]);
  });

  test("a title that names no party, without an acting party, is invalid input (a 400) that says what to send", () => {
    expect(() => completeTopic(parse({ title: "A quiet week" }), actors)).toThrow(
      expect.objectContaining({ kind: "invalid", message: expect.stringMatching(/send actingParty/) }),
    );
  });
});

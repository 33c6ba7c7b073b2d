import { describe, expect, test } from "vitest";
import { NewTopicBody, numberedSlug, slugFromTitle } from "@/lib/topics";

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

describe("NewTopicBody", () => {
  test("trims, drops repeated aliases, turns an empty description into null", () => {
    expect(
      NewTopicBody.parse({
        title: "  Border clash ",
        actingParty: "Freedonia",
        actingPartyAliases: ["Fredville", "Fredville", " the Freedonian army "],
        description: "  ",
      }),
    ).toEqual({
      title: "Border clash",
      actingParty: "Freedonia",
      actingPartyAliases: ["Fredville", "the Freedonian army"],
      description: null,
    });
  });

  const bad: [string, unknown, RegExp][] = [
    ["no title", { actingParty: "Freedonia" }, /title must be a string/],
    ["empty acting party", { title: "T", actingParty: " " }, /actingParty must not be empty/],
    ["an upper-case slug", { title: "T", actingParty: "F", slug: "Border-Clash" }, /slug must be lowercase letters/],
    ["a digits-only slug", { title: "T", actingParty: "F", slug: "2024" }, /slug must contain a letter/],
    ["aliases as a string", { title: "T", actingParty: "F", actingPartyAliases: "Fredville" }, /must be a list/],
    ["an unknown field", { title: "T", actingParty: "F", colour: "red" }, /Unrecognized key|colour/],
    ["not an object", ["T"], /send a JSON object/],
  ];
  test.each(bad)("refuses %s", (_name, body, message) => {
    const result = NewTopicBody.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.message} ${"keys" in i ? i.keys : ""}`).join("; ")).toMatch(message);
  });
});

import { describe, expect, test } from "vitest";
import { NewTopicBody } from "@/contracts/topics";

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

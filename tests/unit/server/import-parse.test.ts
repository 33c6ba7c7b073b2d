import { describe, expect, test } from "vitest";
import { entryFromObject, isImportable, parseImportFile } from "@/server/import/parse";

// Reports written for these tests; none comes from a real outlet.
const BODY = "Freedonia condemned the shelling of the border town.\n\nSylvania called on both sides to talk.";

describe("header files (.txt, .md)", () => {
  test("Key: value lines, a blank line, then the text", () => {
    const file = [
      "Title: Border clash draws reactions",
      "Outlet: Test Wire",
      "Date: 2024-03-15",
      "Topic: border-clash",
      "URL: https://example.org/clash",
      "Language: en",
      "",
      BODY,
      "",
    ].join("\n");
    expect(parseImportFile("reports/clash.txt", file)).toEqual({
      entries: [
        {
          source: "reports/clash.txt",
          report: {
            title: "Border clash draws reactions",
            outlet: "Test Wire",
            publishedOn: "2024-03-15",
            url: "https://example.org/clash",
            language: "en",
            text: `${BODY}\n`,
          },
          topic: { ref: "border-clash" },
        },
      ],
      problems: [],
    });
  });

  test("keys ignore case and spacing, Published is Date, CRLF and a BOM are read, blank lines before the text dropped", () => {
    const file =
      "\uFEFFtitle: A month-dated digest\r\nOUTLET: Test Monthly\r\npublished on: 2024-03\r\n\r\n\r\nThe text.\r\n";
    const [entry] = parseImportFile("digest.md", file).entries;
    expect(entry?.report).toEqual({
      title: "A month-dated digest",
      outlet: "Test Monthly",
      publishedOn: "2024-03",
      text: "The text.\n",
    });
    expect(entry?.topic).toBeNull();
  });

  test("a value may hold colons; an empty optional key is left out", () => {
    const file = "Title: Talks: day two\nOutlet: Test Wire\nDate: 2024-03-16\nURL:\n\nText.";
    const [entry] = parseImportFile("a.txt", file).entries;
    expect(entry?.report).toEqual({
      title: "Talks: day two",
      outlet: "Test Wire",
      publishedOn: "2024-03-16",
      text: "Text.",
    });
  });

  const bad: [string, string, RegExp][] = [
    [
      "no header",
      "Freedonia condemned the shelling.\n\nMore text.",
      /no metadata header: start the file with "Title: \.\.\."/,
    ],
    ["a heading first", "# Border clash\n\nText.", /no metadata header/],
    [
      "an unknown key",
      "Title: T\nAuthor: Someone\n\nText.",
      /line 2: unknown key "Author"; the keys are Title, Outlet/,
    ],
    ["a repeated key", "Title: T\nOutlet: O\nTitle: U\n\nText.", /line 3: "Title" repeats line 1/],
    ["a text line in the header", "Title: T\nthis is not a header line\n\nText.", /line 2: expected "Key: value"/],
  ];
  for (const [name, file, reason] of bad) {
    test(`refused: ${name}`, () => {
      const parsed = parseImportFile("bad.txt", file);
      expect(parsed.entries).toEqual([]);
      expect(parsed.problems).toHaveLength(1);
      expect(parsed.problems[0]?.source).toBe("bad.txt");
      expect(parsed.problems[0]?.reason).toMatch(reason);
    });
  }
});

describe("front matter", () => {
  test("--- lines with plain, single- and double-quoted values, comments and blank lines", () => {
    const file = [
      "---",
      "# written by hand",
      'title: "Sylvania\'s \\"measured\\" reply"',
      "outlet: 'Test ''Daily'''",
      "",
      "date: 2024-03-17",
      "topic: 7",
      "language: fr # French",
      "---",
      "",
      BODY,
    ].join("\n");
    const [entry] = parseImportFile("reply.md", file).entries;
    expect(entry).toEqual({
      source: "reply.md",
      report: {
        title: 'Sylvania\'s "measured" reply',
        outlet: "Test 'Daily'",
        publishedOn: "2024-03-17",
        language: "fr",
        text: BODY,
      },
      topic: { ref: "7" },
    });
  });

  test("refused: front matter never closed, an unclosed quote, an unknown key", () => {
    expect(parseImportFile("a.md", "---\ntitle: T\n\nText.").problems[0]?.reason).toMatch(
      /opened by --- on line 1 is never closed/,
    );
    expect(parseImportFile("a.md", '---\ntitle: "T\n---\nText.').problems[0]?.reason).toMatch(
      /line 2: a "quoted" value must end with its closing quote/,
    );
    expect(parseImportFile("a.md", "---\nsummary: S\n---\nText.").problems[0]?.reason).toMatch(
      /line 2: unknown key "summary"/,
    );
  });
});

const corpusReport = {
  id: "test-sylvania-1",
  url: "https://example.org/sylvania",
  outlet: "Test Agency",
  title: "Sylvania backs the blockade",
  published: "2024-03-18",
  language: "en",
  target: "Freedonia's blockade of the river port",
  text: "Sylvania said it fully supports Freedonia's measures at the port.",
  gold: [{ actor: "TR", stance: "none", evidence: "" }],
  notes: "written for the tests",
};

describe("corpus JSON", () => {
  test("a labelled report becomes a report whose topic is its target, by title; gold and notes are not imported", () => {
    expect(parseImportFile("corpus/sylvania.json", JSON.stringify(corpusReport, null, 2))).toEqual({
      entries: [
        {
          source: "corpus/sylvania.json",
          report: {
            title: "Sylvania backs the blockade",
            outlet: "Test Agency",
            publishedOn: "2024-03-18",
            url: "https://example.org/sylvania",
            language: "en",
            text: "Sylvania said it fully supports Freedonia's measures at the port.",
          },
          topic: { title: "Freedonia's blockade of the river port" },
        },
      ],
      problems: [],
    });
  });

  test("a JSON list holds several reports, each named by its position", () => {
    const list = [corpusReport, { ...corpusReport, target: 3 }];
    const parsed = parseImportFile("list.json", JSON.stringify(list));
    expect(parsed.entries.map((e) => e.source)).toEqual(["list.json[0]"]);
    expect(parsed.problems).toEqual([
      { source: "list.json[1]", reason: "not a corpus-format report: target must be a string" },
    ]);
  });

  test("refused: not JSON, not an object, a corpus report without text", () => {
    expect(parseImportFile("a.json", "{ nope").problems[0]?.reason).toMatch(/^not valid JSON \(/);
    expect(parseImportFile("a.json", '"just a string"').problems[0]?.reason).toMatch(/not a report object/);
    const { text: _text, ...noText } = corpusReport;
    expect(parseImportFile("a.json", JSON.stringify(noText)).problems[0]?.reason).toBe(
      "not a corpus-format report: text must be a string",
    );
    expect(parseImportFile("a.json", "[]").problems[0]?.reason).toMatch(/empty list/);
  });
});

describe("JSON lines", () => {
  test("corpus objects and POST /api/reports bodies, one per line; a bad line fails alone", () => {
    const body = {
      title: "Freedonia replies",
      outlet: "Test Wire",
      publishedOn: "2024-03-19",
      topic: 4,
      text: "Freedonia rejected the criticism.",
    };
    const lines = [JSON.stringify(corpusReport), "", "{ broken", JSON.stringify(body), "[1, 2]"].join("\n");
    const parsed = parseImportFile("batch.jsonl", lines);
    expect(parsed.entries.map((e) => [e.source, e.topic])).toEqual([
      ["batch.jsonl:1", { title: "Freedonia's blockade of the river port" }],
      ["batch.jsonl:4", { ref: "4" }],
    ]);
    expect(parsed.entries[1]?.report).toEqual({
      title: "Freedonia replies",
      outlet: "Test Wire",
      publishedOn: "2024-03-19",
      text: "Freedonia rejected the criticism.",
    });
    expect(parsed.problems.map((p) => p.source)).toEqual(["batch.jsonl:3", "batch.jsonl:5"]);
    expect(parsed.problems[0]?.reason).toMatch(/^not valid JSON/);
    expect(parsed.problems[1]?.reason).toMatch(/not a report object/);
  });

  test("an empty .jsonl file is a problem, not a silent nothing", () => {
    expect(parseImportFile("empty.jsonl", "\n\n").problems).toEqual([
      { source: "empty.jsonl", reason: "no lines: a .jsonl file holds one report object per line" },
    ]);
  });

  test("a report body keeps its unknown fields for validation to name; a topic that is not a slug or id is refused", () => {
    expect(entryFromObject("x", { title: "T", colour: "red" }).report).toEqual({ title: "T", colour: "red" });
    expect(() => entryFromObject("x", { title: "T", topic: { slug: "a" } })).toThrow(/topic must be an existing/);
  });
});

test("which files are read", () => {
  expect(["a.txt", "b.MD", "c.json", "d.jsonl", "e.pdf", "f.csv", "README"].map(isImportable)).toEqual([
    true,
    true,
    true,
    true,
    false,
    false,
    false,
  ]);
});

import { describe, expect, test } from "vitest";
import { csvStream, neutralizeFormula } from "@/server/export/csv";

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("CSV", () => {
  test("cells that a spreadsheet would run as formulas get a leading apostrophe", () => {
    expect(neutralizeFormula("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(neutralizeFormula("+1")).toBe("'+1");
    expect(neutralizeFormula("-2+3")).toBe("'-2+3");
    expect(neutralizeFormula("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(neutralizeFormula("\tcmd")).toBe("'\tcmd");
    expect(neutralizeFormula("Baku rejected it")).toBe("Baku rejected it");
    expect(neutralizeFormula(-1)).toBe("-1");
    expect(neutralizeFormula(null)).toBe("");
  });

  test("RFC 4180: header row, CRLF records, quotes doubled, commas and newlines quoted", async () => {
    const rows = [
      { a: 'He said "no", then left', b: "line one\nline two" },
      { a: "=1+1", b: "plain" },
    ];
    const out = await text(
      csvStream(rows, [
        { header: "a", value: (r) => r.a },
        { header: "b", value: (r) => r.b },
      ]),
    );
    expect(out).toBe('a,b\r\n"He said ""no"", then left","line one\nline two"\r\n\'=1+1,plain\r\n');
  });
});

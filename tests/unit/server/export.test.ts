import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { composeSvg, exportFileName } from "../../../server/export";

const DAY = new Date("2026-12-01T12:00:00Z");

describe("exportFileName", () => {
  it("says what the file holds: chart, filters, day", () => {
    expect(exportFileName("matrix", {}, "png", DAY)).toBe("stancewatch-matrix-all-2026-12-01.png");
    expect(exportFileName("timeline", { actor: ["TR", "RU"], from: "2023-09-19", to: "2023-10-02" }, "svg", DAY)).toBe(
      "stancewatch-timeline-tr-ru-2023-09-19-to-2023-10-02-2026-12-01.svg",
    );
    expect(
      exportFileName("alignment", { topic: "karabakh-2023", outlet: "Al Jazeera", stance: ["condemn"] }, "csv", DAY),
    ).toBe("stancewatch-alignment-karabakh-2023-al-jazeera-condemn-2026-12-01.csv");
    // Nothing from a filter can leave the file name's alphabet.
    expect(exportFileName("matrix", { outlet: '../"evil"\r\n' }, "json", DAY)).toBe(
      "stancewatch-matrix-evil-2026-12-01.json",
    );
  });
});

describe("composeSvg", () => {
  const chartSvg =
    '<svg class="recharts-surface" width="600" height="200" viewBox="0 0 600 200" style="width: 100%" tabindex="0" role="application"><rect data-actor="TR" x="1" y="1" width="10" height="10"/></svg>';
  const out = composeSvg({
    title: "Stance <matrix> & more",
    subtitle: "6 sources",
    filtersInWords: "Turkey, Russia; 19 Sep 2023 – 2 Oct 2023",
    sourceLine: "Source: Stancewatch · 1 report",
    chartSvg,
    legend: [{ label: "Support", color: "#0072B2", glyph: "▲" }],
  });

  it("is one standalone, valid SVG document with the words escaped", () => {
    expect(XMLValidator.validate(out.svg)).toBe(true);
    const root = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(out.svg).svg;
    expect(root["@xmlns"]).toBe("http://www.w3.org/2000/svg");
    expect(Number(root["@width"])).toBe(out.width);
    expect(Number(root["@height"])).toBe(out.height);
    expect(out.svg).toContain("Stance &#60;matrix&#62; &#38; more");
    expect(out.svg).toContain("Turkey, Russia; 19 Sep 2023 – 2 Oct 2023");
    expect(out.svg).toContain("Source: Stancewatch · 1 report");
    expect(out.svg).toContain('fill="#ffffff"');
  });

  it("places the chart with its own coordinates, without the page's sizing, focus or roles", () => {
    expect(out.svg).toMatch(/<svg x="24" y="96" width="600" height="200" viewBox="0 0 600 200" overflow="visible">/);
    expect(out.svg).not.toMatch(/tabindex|role="application"|width: 100%/);
    expect(out.svg).toContain('<rect data-actor="TR"');
    // Legend and source line sit below the chart.
    expect(out.height).toBeGreaterThan(96 + 200 + 40);
  });

  it("scales a chart wider than the page down to fit", () => {
    const wide = composeSvg({
      title: "t",
      subtitle: "s",
      filtersInWords: "f",
      sourceLine: "src",
      chartSvg: '<svg width="1904" height="400"><g/></svg>',
      legend: [],
    });
    expect(wide.svg).toMatch(/<svg x="24" y="96" width="952" height="200" viewBox="0 0 1904 400"/);
  });
});

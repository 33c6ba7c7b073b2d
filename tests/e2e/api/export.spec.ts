import { expect, test } from "@playwright/test";
import { XMLParser, XMLValidator } from "fast-xml-parser";

// Reads only, on the shared server with the sample data.
const CHARTS = ["matrix", "distribution", "timeline", "alignment"] as const;
const API_OF: Record<(typeof CHARTS)[number], string> = {
  matrix: "/api/stances/summary?by=source&maxGroups=150",
  distribution: "/api/stances/summary?by=source&maxGroups=150",
  timeline: "/api/stances/summary?by=day&maxGroups=150",
  alignment: "/api/alignment?",
};
const TODAY = new Date().toISOString().slice(0, 10);
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(buf: Buffer): { width: number; height: number } {
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** Parses RFC 4180 CSV (quoted cells, doubled quotes, CRLF) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

test.describe("[EXPORT_API]", () => {
  for (const chart of CHARTS) {
    test(`${chart}: PNG at twice the SVG's size, on a signature; the SVG standalone with title, filters, legend, source and marks`, async ({
      request,
    }) => {
      const svgRes = await request.get(`/api/export/${chart}.svg?actor=TR,RU`);
      expect(svgRes.status()).toBe(200);
      expect(svgRes.headers()["content-type"]).toBe("image/svg+xml; charset=utf-8");
      expect(svgRes.headers()["content-disposition"]).toBe(
        `attachment; filename="stancewatch-${chart}-tr-ru-${TODAY}.svg"`,
      );
      const svg = await svgRes.text();
      expect(XMLValidator.validate(svg)).toBe(true);
      const root = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(svg).svg;
      expect(root["@xmlns"]).toBe("http://www.w3.org/2000/svg");
      const width = Number(root["@width"]);
      const height = Number(root["@height"]);
      expect(width).toBe(1000);
      expect(height).toBeGreaterThan(200);
      // Standalone: styles inline, nothing fetched from elsewhere.
      expect(svg).toContain("<style>");
      expect(svg).not.toMatch(/href="https?:|xlink:href="(?!#)|@import|url\(\s*['"]?https?:/);
      expect(svg).toContain("Turkey, Russia");
      expect(svg).toMatch(/Source: Stancewatch · 1 report, \d+ coded statements · 19 Sep 2023 – 1 Oct 2023/);
      const title = {
        matrix: "Stance matrix",
        distribution: "Stance distribution",
        timeline: "Net stance over time",
        alignment: "Alignment",
      }[chart];
      expect(svg).toContain(`>${title}</text>`);
      const marks = {
        matrix: /data-actor="TR" data-stance="support"/,
        distribution: /data-actor="RU" data-stance="neutral"/,
        timeline: /data-shift="RU:1:2023-09-21:neutral-support"/,
        alignment: /data-actor="TR" data-actor-b="RU"/,
      }[chart];
      expect(svg).toMatch(marks);
      // No mark of another actor.
      expect(svg).not.toMatch(/data-actor="(US|FR|DE|EU)"/);

      const pngRes = await request.get(`/api/export/${chart}.png?actor=TR,RU`);
      expect(pngRes.status()).toBe(200);
      expect(pngRes.headers()["content-type"]).toBe("image/png");
      expect(pngRes.headers()["content-disposition"]).toContain(`stancewatch-${chart}-tr-ru-${TODAY}.png`);
      const png = await pngRes.body();
      expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      expect(pngSize(png)).toEqual({ width: width * 2, height: height * 2 });
    });

    test(`${chart}: JSON is what the API gives the chart; CSV rows keep to the filter, with an evidence appendix on request`, async ({
      request,
    }) => {
      const json = await request.get(`/api/export/${chart}.json?actor=TR,RU&from=2023-09-19`);
      expect(json.status()).toBe(200);
      expect(json.headers()["content-disposition"]).toContain(
        `stancewatch-${chart}-tr-ru-2023-09-19-to-end-${TODAY}.json`,
      );
      const api = await request.get(`${API_OF[chart]}&actor=TR,RU&from=2023-09-19`);
      expect(await json.json()).toEqual(await api.json());

      const csvRes = await request.get(`/api/export/${chart}.csv?actor=TR,RU`);
      expect(csvRes.headers()["content-type"]).toBe("text/csv; charset=utf-8");
      const rows = parseCsv(await csvRes.text());
      const header = rows[0] ?? [];
      const actorCols = header.flatMap((h, i) => (/^actor(_a|_b)?$/.test(h) ? [i] : []));
      expect(actorCols.length).toBeGreaterThan(0);
      expect(rows.length).toBeGreaterThan(1);
      for (const r of rows.slice(1)) for (const i of actorCols) expect(["TR", "RU"]).toContain(r[i]);

      const withEvidence = parseCsv(
        await (await request.get(`/api/export/${chart}.csv?actor=TR,RU&evidence=1`)).text(),
      );
      const at = withEvidence.findIndex((r) => r[0] === "evidence_actor");
      expect(at).toBeGreaterThan(1);
      expect(withEvidence[at]).toEqual(["evidence_actor", "stance", "evidence", "report", "outlet", "url", "date"]);
      const evidence = withEvidence.slice(at + 1);
      expect(evidence.length).toBe(4);
      expect(new Set(evidence.map((r) => r[0]))).toEqual(new Set(["TR", "RU"]));
      expect(evidence.some((r) => r[2]?.includes("It is a matter of pride"))).toBe(true);
    });
  }

  test("no country chosen exports the six default actors, named 'all'", async ({ request }) => {
    const res = await request.get("/api/export/distribution.csv");
    expect(res.headers()["content-disposition"]).toContain(`stancewatch-distribution-all-${TODAY}.csv`);
    const rows = parseCsv(await res.text());
    expect(rows.slice(1).map((r) => r[0])).toEqual(["TR", "RU", "US", "FR", "DE", "EU"]);
  });

  const bad: [string, string, number, RegExp][] = [
    ["unknown chart", "/api/export/pie.png", 404, /chart one of matrix, distribution, timeline, alignment/],
    ["unknown format", "/api/export/matrix.pdf", 404, /format one of svg, png, csv, json/],
    ["unknown actor", "/api/export/matrix.svg?actor=XX", 400, /Valid codes/],
    ["bad date", "/api/export/timeline.png?from=2023-02-30", 400, /from/],
    ["unknown parameter", "/api/export/matrix.json?by=month", 400, /unknown parameter "by"/],
    ["bad evidence flag", "/api/export/matrix.csv?evidence=maybe", 400, /evidence must be one of/],
  ];
  for (const [name, url, status, message] of bad) {
    test(`${status} ${name}, in the error envelope`, async ({ request }) => {
      const res = await request.get(url);
      expect(res.status()).toBe(status);
      expect((await res.json()).error.message).toMatch(message);
    });
  }

  test("405 for writes", async ({ request }) => {
    const res = await request.post("/api/export/matrix.png", { data: {} });
    expect(res.status()).toBe(405);
  });
});

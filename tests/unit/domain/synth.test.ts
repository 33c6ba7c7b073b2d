import { describe, expect, it } from "vitest";
import { synthReports } from "../../../domain/synth/generate";

const codes = ["TR", "RU", "US", "FR", "DE", "EU", "AM"];
const names = new Map(codes.map((c) => [c, `Land ${c}`]));

describe("synthReports", () => {
  const all = [...synthReports({ reports: 300, codings: 3000, seed: 7 }, codes, names)];

  it("yields exactly the reports and codings asked for, in date order", () => {
    expect(all).toHaveLength(300);
    expect(all.reduce((n, r) => n + r.codings.length, 0)).toBe(3000);
    const dates = all.map((r) => r.publishedOn);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(all.map((r) => r.contentHash)).size).toBe(300);
  });

  it("gives every coding a real sentence of its body and every citation its place", () => {
    for (const r of all) {
      for (const c of r.codings) {
        const sentence = r.body.slice(c.evidenceStart, c.evidenceEnd);
        expect(sentence).toMatch(/^Land [A-Z]{2}'s foreign ministry .+\.$/);
        if (c.citation !== null) {
          const cite = r.citations[c.citation];
          expect(cite && r.body.slice(cite.start, cite.end)).toBe(cite?.citation);
          expect(c.statementDate).toBe(cite?.date);
        } else expect(c.statementDate).toBe(r.publishedOn);
      }
    }
  });

  it("is the same for the same seed, and stances drift with some shifts", () => {
    const again = [...synthReports({ reports: 300, codings: 3000, seed: 7 }, codes, names)];
    expect(again.map((r) => r.contentHash)).toEqual(all.map((r) => r.contentHash));
    const stances = new Map<string, string[]>();
    for (const r of all)
      for (const c of r.codings)
        stances.set(`${c.actor}|${r.topic}`, [...(stances.get(`${c.actor}|${r.topic}`) ?? []), c.stance]);
    const changes = [...stances.values()].reduce((n, s) => n + s.filter((x, i) => i > 0 && x !== s[i - 1]).length, 0);
    expect(changes).toBeGreaterThan(20);
    expect(changes).toBeLessThan(600);
  });
});

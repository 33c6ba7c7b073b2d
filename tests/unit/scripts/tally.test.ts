import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test, vi } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { countResults, flakyTitles } from "../../../scripts/tally.mjs";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, report: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(report));
  return file;
}

const playwright = {
  stats: { expected: 3, unexpected: 1, flaky: 1, skipped: 0 },
  suites: [
    {
      title: "api/shutdown.spec.ts",
      specs: [],
      suites: [
        {
          title: "[SHUTDOWN]",
          specs: [
            { title: "SIGTERM drains", tests: [{ status: "flaky" }] },
            { title: "steady", tests: [{ status: "expected" }] },
          ],
        },
      ],
    },
    { title: "api/health.spec.ts", specs: [{ title: "broken", tests: [{ status: "unexpected" }] }] },
  ],
};

test("a flaky Playwright test counts as passed and is named; a failed one counts as failed", () => {
  const errors = vi.spyOn(console, "error").mockImplementation(() => {});
  const file = write("playwright.json", playwright);
  expect(flakyTitles(playwright)).toEqual(["api/shutdown.spec.ts > [SHUTDOWN] > SIGTERM drains"]);
  expect(countResults([file])).toEqual({ passed: 4, failed: 1 });
  expect(errors.mock.calls.flat().join("\n")).toContain("flaky (passed on its retry)");
  errors.mockRestore();
});

test("a Vitest report is counted; a missing report is a failure, never silence", () => {
  const errors = vi.spyOn(console, "error").mockImplementation(() => {});
  const vitest = write("vitest.json", { numPassedTests: 5, numFailedTests: 0, success: true, testResults: [] });
  expect(countResults([vitest, path.join(dir, "absent.json")])).toEqual({ passed: 5, failed: 1 });
  expect(errors.mock.calls.flat().join("\n")).toContain("missing report");
  errors.mockRestore();
});

#!/usr/bin/env node
// Sums Vitest and Playwright JSON reports into one line: "N passed, N failed".
import fs from "node:fs";

/** Titles of the Playwright tests that failed and passed on their retry, so a flake is named in the output. */
export function flakyTitles(report) {
  const titles = [];
  const walk = (suite, path) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status === "flaky") titles.push([...path, spec.title].filter(Boolean).join(" > "));
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
  };
  for (const suite of report.suites ?? []) walk(suite, [suite.title]);
  return titles;
}

export function countResults(files) {
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    if (!fs.existsSync(file)) {
      failed += 1; // a suite that wrote no report did not run: count it as a failure, never as silence
      console.error(`[tally] missing report ${file}`);
      continue;
    }
    const report = JSON.parse(fs.readFileSync(file, "utf8"));
    if (report.stats && "expected" in report.stats) {
      passed += report.stats.expected + report.stats.flaky;
      failed += report.stats.unexpected;
      if (report.errors?.length) failed += report.errors.length;
      for (const title of flakyTitles(report))
        console.error(`[tally] flaky (passed on its retry) in ${file}: ${title}`);
    } else {
      passed += report.numPassedTests ?? 0;
      failed += report.numFailedTests ?? 0;
      // A test file that failed to load counts once, even though none of its tests ran.
      const brokenFiles = (report.testResults ?? []).filter(
        (f) => f.status === "failed" && !(f.assertionResults ?? []).length,
      );
      failed += brokenFiles.length;
      if (report.success === false && !report.numFailedTests && !brokenFiles.length) failed += 1;
    }
  }
  return { passed, failed };
}

if (process.argv[1]?.endsWith("tally.mjs")) {
  const { passed, failed } = countResults(process.argv.slice(2));
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

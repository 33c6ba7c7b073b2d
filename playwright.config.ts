import { defineConfig } from "@playwright/test";
import { findChromium } from "./scripts/find-chromium.mjs";
import { ADMIN_TOKEN, E2E_DATA_DIR, E2E_PORT, E2E_URL } from "./tests/e2e/env";

const executablePath = process.env.CHROMIUM_PATH || findChromium() || undefined;

export default defineConfig({
  testDir: "tests/e2e",
  // Not test-results/ itself: Playwright empties its output folder, and the unit report lives there too.
  outputDir: "test-results/e2e-artifacts",
  timeout: 30_000,
  workers: 2,
  // One retry: a test that fails and then passes is reported as flaky (by name, in the tally), not hidden.
  retries: 1,
  forbidOnly: true,
  reporter: [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON_FILE ?? "test-results/playwright.json" }]],
  use: { baseURL: E2E_URL, trace: "retain-on-failure" },
  projects: [
    { name: "api", testDir: "tests/e2e/api" },
    // Specs that start, kill or refuse server processes of their own (SIGTERM, SIGKILL loops, a locked data
    // folder, an export burst, a short token at start), apart from the API specs, which only send requests. One
    // at a time: a crash loop or an export burst loads the machine, and the others' timing checks must not share it.
    { name: "faults", testDir: "tests/e2e/faults", workers: 1 },
    {
      name: "ui",
      testDir: "tests/e2e/ui",
      use: {
        browserName: "chromium",
        viewport: { width: 1280, height: 900 },
        launchOptions: {
          executablePath,
          args: [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `${E2E_URL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    // Every spec reads from one client (127.0.0.1): the per-client read limit is off on the shared server.
    env: {
      PORT: String(E2E_PORT),
      DATA_DIR: E2E_DATA_DIR,
      ADMIN_TOKEN,
      READ_RATE_PER_MIN: "0",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});

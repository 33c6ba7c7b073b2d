// Finds a Chromium for Playwright: CHROMIUM_PATH, Playwright's own download, or Debian's `chromium` package.
import fs from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

export function playwrightChromium() {
  try {
    const { chromium } = require("playwright-core");
    const file = chromium.executablePath();
    return file && fs.existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

/**
 * The first Chromium this machine already has, or null. Debian's package comes before Playwright's download:
 * it brings its system libraries, which a downloaded browser may lack.
 */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  return fs.existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : playwrightChromium();
}

import { spawnSync } from "node:child_process";
import { expect, test } from "@playwright/test";

// Starts that must be refused: the server stops before it listens, so nothing answers on the ports named.
test.describe("[HARDENING]", () => {
  test("a token shorter than 16 characters stops the server at start, naming the variable", () => {
    for (const name of ["ADMIN_TOKEN", "READ_TOKEN"]) {
      const started = spawnSync(process.execPath, ["scripts/start.mjs"], {
        env: { ...process.env, [name]: "abc", PORT: "3999" },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(started.status, name).not.toBe(0);
      expect(started.stderr, name).toContain(`${name} must be at least 16 characters`);
    }
    // `next start` without the wrapper: the server's own check stops it too.
    const direct = spawnSync("node_modules/.bin/next", ["start", "--port", "3998"], {
      env: { ...process.env, ADMIN_TOKEN: "abc", DATA_DIR: ".tmp/e2e-short-token" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(direct.status).not.toBe(0);
    expect(`${direct.stdout}${direct.stderr}`).toContain("ADMIN_TOKEN must be at least 16 characters");
  });
});

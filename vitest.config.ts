import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
    // Opening a database (WASM PGlite or a new PostgreSQL database) takes seconds on this machine.
    hookTimeout: 60_000,
    testTimeout: 30_000,
    pool: "forks",
  },
});

import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
    // Opening a database (WASM PGlite or a new PostgreSQL database) takes seconds on this machine.
    hookTimeout: 60_000,
    testTimeout: 30_000,
    pool: "forks",
  },
});

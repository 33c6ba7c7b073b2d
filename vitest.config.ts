import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // Next resolves `server-only` to an empty module on the server; tests import server modules the same way.
      "server-only": fileURLToPath(new URL("node_modules/server-only/empty.js", import.meta.url)),
    },
  },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
    // Opening a database (WASM PGlite or a new PostgreSQL database) takes seconds on this machine.
    hookTimeout: 60_000,
    testTimeout: 30_000,
    pool: "forks",
  },
});

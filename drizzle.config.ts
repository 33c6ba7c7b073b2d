import { defineConfig } from "drizzle-kit";

// Generation only needs the schema; the same migrations folder is applied to PGlite and to PostgreSQL at start-up.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  strict: true,
  verbose: true,
});

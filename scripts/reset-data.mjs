#!/usr/bin/env node
// `npm run db:reset`: delete the embedded database folder (DATA_DIR, default ./data) so the next start
// recreates it with the sample data. Refuses while a server holds the folder.
import fs from "node:fs";
import path from "node:path";

if (process.env.DATABASE_URL) {
  console.error("DATABASE_URL is set: reset a PostgreSQL database with your own tools (drop and recreate it).");
  process.exit(1);
}
const dir = path.resolve(process.env.DATA_DIR || "./data");
const lock = path.join(dir, "server.lock");
if (fs.existsSync(lock)) {
  const { pid } = JSON.parse(fs.readFileSync(lock, "utf8"));
  let alive = false;
  try {
    process.kill(pid, 0);
    alive = true;
  } catch (error) {
    alive = error.code === "EPERM";
  }
  if (alive) {
    console.error(`Process ${pid} is using ${dir}; stop it first.`);
    process.exit(1);
  }
}
fs.rmSync(dir, { recursive: true, force: true });
console.log(`Removed ${dir}. The next start creates a fresh database with the sample data.`);

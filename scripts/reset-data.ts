// `npm run db:reset`: delete the embedded database folder (DATA_DIR, default ./data) so that the next start
// recreates it with the sample data. Refuses while a server holds the folder.
import fs from "node:fs";
import path from "node:path";
import { lockState } from "../db/lock";

if (process.env.DATABASE_URL) {
  console.error("DATABASE_URL is set: reset a PostgreSQL database with its own tools (drop and recreate it).");
  process.exit(1);
}
const dir = path.resolve(process.env.DATA_DIR || "./data");
try {
  const lock = lockState(dir);
  if (lock.state === "held") {
    console.error(
      `Process ${lock.holder.pid} on ${lock.holder.host} (${lock.holder.command}, started ${lock.holder.startedAt}) is using ${dir}: stop it first.`,
    );
    process.exit(1);
  }
} catch {
  console.error(
    `${path.join(dir, "server.lock")} cannot be read; if no Stancewatch process is running, delete it and retry.`,
  );
  process.exit(1);
}
if (!fs.existsSync(dir)) {
  console.log(`Nothing to remove: ${dir} does not exist. The next start creates it with the sample data.`);
  process.exit(0);
}
// Only a folder that is a Stancewatch data folder is deleted, never whatever DATA_DIR happens to name.
const entries = fs.readdirSync(dir).filter((e) => !e.startsWith("server.lock"));
if (entries.some((e) => e !== "pglite")) {
  console.error(
    `${dir} holds files other than a Stancewatch database (${entries.slice(0, 5).join(", ")}): not removing it.`,
  );
  process.exit(1);
}
fs.rmSync(dir, { recursive: true, force: true });
console.log(`Removed ${dir}. The next start creates a fresh database with the sample data.`);

// `npm run db:reset`: delete the embedded database folder (DATA_DIR, default ./data) so that the next start
// recreates it with the sample data. Refuses while a server holds the folder, and holds the folder's lock itself
// while it deletes, so that no server can start on a half-deleted database.
import fs from "node:fs";
import path from "node:path";
import { acquireDataDirLock, DataDirLockedError } from "../db/lock";

if (process.env.DATABASE_URL) {
  console.error("DATABASE_URL is set: reset a PostgreSQL database with its own tools (drop and recreate it).");
  process.exit(1);
}
const dir = path.resolve(process.env.DATA_DIR || "./data");
if (!fs.existsSync(dir)) {
  console.log(`Nothing to remove: ${dir} does not exist. The next start creates it with the sample data.`);
  process.exit(0);
}
// Only a folder that is a Stancewatch data folder is deleted, never whatever DATA_DIR happens to name. Checked
// before the lock is taken, which would write into the folder. (`server.lock.*`: left by older versions.)
const entries = fs.readdirSync(dir).filter((e) => !e.startsWith("server.lock"));
if (entries.some((e) => e !== "pglite")) {
  console.error(
    `${dir} holds files other than a Stancewatch database (${entries.slice(0, 5).join(", ")}): not removing it.`,
  );
  process.exit(1);
}
let release: () => void;
try {
  release = await acquireDataDirLock(dir, "npm run db:reset");
} catch (error) {
  if (!(error instanceof DataDirLockedError)) throw error;
  const holder = error.holder;
  console.error(
    holder
      ? `Process ${holder.pid} on ${holder.host} (${holder.command}, started ${holder.startedAt}) is using ${dir}: stop it first.`
      : `Another process is using ${dir}: stop it first.`,
  );
  process.exit(1);
}
for (const entry of fs.readdirSync(dir)) {
  if (entry !== "server.lock") fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
}
// The lock file goes last, with the lock; the folder only if nothing has appeared in it since.
release();
try {
  fs.rmdirSync(dir);
} catch (error) {
  if (!["ENOENT", "ENOTEMPTY", "EEXIST"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
}
console.log(`Removed ${dir}. The next start creates a fresh database with the sample data.`);

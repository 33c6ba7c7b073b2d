// A process that takes a data folder's lock the way the server does (acquireDataDirLock from db/lock.ts, which
// openConnection calls at start-up) and reports on stdout, for tests/unit/db/lock.test.ts. The test bundles it
// with esbuild and runs it with plain node: it starts it 100 times, and tsx would compile it again each time.
//
//   node lock-holder.mjs <dataDir> [--on-go]
//
// With --on-go it prints "ready" and waits for a line "go" on stdin, so that two of them ask at the same moment.
// Then it prints "won <pid>" and holds the folder until its stdin closes (then exits 0), or prints
// "lost <message>" and exits 3.
import readline from "node:readline";
import { acquireDataDirLock } from "../../db/lock";

const [dataDir, mode] = process.argv.slice(2);
if (!dataDir) throw new Error("usage: lock-holder <dataDir> [--on-go]");
const lines = readline.createInterface({ input: process.stdin });
lines.on("close", () => process.exit(0));

async function take() {
  try {
    await acquireDataDirLock(dataDir as string, "lock-holder");
    console.log(`won ${process.pid}`);
  } catch (error) {
    console.log(`lost ${(error as Error).message}`);
    process.exit(3);
  }
}

if (mode === "--on-go") {
  lines.once("line", () => void take());
  console.log("ready");
} else void take();

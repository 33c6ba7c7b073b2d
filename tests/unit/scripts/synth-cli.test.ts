import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openConnection, queryRows } from "@/db/client";
import { acquireDataDirLock } from "@/db/lock";
import { runScript, type ScriptRun } from "../../helpers/run-script";

// `npm run synth` as a user runs it: a child process on its own data folder (the embedded database), with the
// rows generated in its worker thread.

let root: string;
let dataDir: string;

function runSynth(args: string[]): Promise<ScriptRun> {
  return runScript("synth.ts", args, { DATA_DIR: dataDir, DATABASE_URL: "" });
}

/** What the folder holds; `after` counts the synthetic reports with an id above it. */
async function counts(after = 0) {
  const conn = await openConnection({ dataDir });
  try {
    const [row] = await queryRows<{ reports: number; codings: number; orphans: number; later: number; maxId: number }>(
      conn.db,
      sql`select (select count(*)::int from reports where url like 'https://synthetic.example/%') as reports,
                 (select count(*)::int from codings where coder = 'synth/1') as codings,
                 (select count(*)::int from codings c left join reports r on r.id = c.report_id
                   where r.id is null) as orphans,
                 (select count(*)::int from reports where url like 'https://synthetic.example/%' and id > ${after})
                   as later,
                 (select max(id)::int from reports) as "maxId"`,
    );
    return row;
  } finally {
    await conn.close();
  }
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "sw-synth-cli-"));
  dataDir = path.join(root, "data");
});
afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe("npm run synth (child process)", () => {
  test("fills a new data folder, then adds to it with fresh ids", { timeout: 180_000 }, async () => {
    const first = await runSynth(["--reports", "60", "--codings", "500", "--batch", "7"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^synth: 60 reports, 500 codings into pglite in \d+\.\d s \(\d+ codings\/s\)\n$/);
    expect(first.stderr).toMatch(/synth: indexes rebuilt in \d+\.\d s, rollups recomputed in \d+\.\d s/);
    const afterFirst = await counts();
    expect(afterFirst).toMatchObject({ reports: 60, codings: 500, orphans: 0, later: 60 });

    // Another seed, other bodies: added beside the first load's rows, with ids after theirs.
    const second = await runSynth(["--reports", "30", "--codings", "100", "--seed", "5"]);
    expect(second.code, second.stderr).toBe(0);
    const afterSecond = await counts(afterFirst?.maxId);
    expect(afterSecond).toMatchObject({ reports: 90, codings: 600, orphans: 0, later: 30 });

    // The same seed again gives the same bodies, which are stored once: refused before anything is written.
    const again = await runSynth(["--reports", "30", "--codings", "100", "--seed", "5"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /the reports of this seed are already in the database \(a load with the same seed\)\. Pass --seed/,
    );
    expect(again.stderr).not.toMatch(/indexes rebuilt/);
    expect(await counts(afterFirst?.maxId)).toEqual(afterSecond);
  });

  test("bad usage exits 2 and says what is wrong", { timeout: 60_000 }, async () => {
    const none = await runSynth([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^--reports must be a whole number \(Usage: npm run synth -- --reports N/);
    const zero = await runSynth(["--reports", "0", "--codings", "5"]);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/^--reports must be at least 1/);
  });

  test("a folder held by a running server: exit 2 with what to do, nothing written", { timeout: 60_000 }, async () => {
    const before = await counts();
    const release = await acquireDataDirLock(dataDir, "next start");
    try {
      const run = await runSynth(["--reports", "5", "--codings", "20"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/Stop the server first: synth writes straight into the database\./);
    } finally {
      release();
    }
    expect(await counts()).toEqual(before);
  });
});

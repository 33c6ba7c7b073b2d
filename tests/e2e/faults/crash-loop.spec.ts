import { expect, test } from "@playwright/test";
import { runScript } from "../../helpers/run-script";
import { ON_POSTGRES } from "../env";
import { CRASH_PORT } from "../helpers/ports";

// The short version of `npm run crash-loop` (CI runs 100 rounds): a few SIGKILLs during ingests, on its own
// server and data folder.
test.describe("[CRASH_LOOP]", () => {
  test.skip(ON_POSTGRES, "the crash loop kills the embedded database's only process; PostgreSQL survives its clients");
  test.setTimeout(300_000);

  test("three SIGKILLs during concurrent ingests lose no acknowledged report and leave none without codings", async () => {
    const run = await runScript(
      "crash-loop.ts",
      ["--rounds", "3", "--port", String(CRASH_PORT), "--startup-kills", "0.34", "--seed", "7"],
      { DATABASE_URL: "" },
    );
    const output = `${run.stdout}${run.stderr}`;
    const summary = /crash-loop: (\d+) rounds .*?, (\d+) reports acknowledged .*?(\d+) failures/.exec(output);
    expect(summary, output).not.toBeNull();
    expect(run.code, output).toBe(0);
    expect(Number(summary?.[1])).toBe(3);
    expect(Number(summary?.[2])).toBeGreaterThan(0);
    expect(Number(summary?.[3])).toBe(0);
  });
});

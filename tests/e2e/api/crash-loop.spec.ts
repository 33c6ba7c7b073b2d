import { spawn } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_PORT, ON_POSTGRES } from "../env";

// The short version of `npm run crash-loop` (CI runs 100 rounds): a few SIGKILLs during ingests, on its own
// server and data folder.
const PORT = Number(process.env.E2E_CRASH_PORT ?? E2E_PORT + 23);

test.describe("[CRASH_LOOP]", () => {
  test.skip(ON_POSTGRES, "the crash loop kills the embedded database's only process; PostgreSQL survives its clients");
  test.setTimeout(300_000);

  test("three SIGKILLs during concurrent ingests lose no acknowledged report and leave none without codings", async () => {
    const run = spawn(
      path.join("node_modules", ".bin", "tsx"),
      ["scripts/crash-loop.ts", "--rounds", "3", "--port", String(PORT), "--startup-kills", "0.34", "--seed", "7"],
      { env: { ...process.env, DATABASE_URL: "" } },
    );
    let output = "";
    run.stdout.on("data", (d) => (output += d));
    run.stderr.on("data", (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => run.on("exit", resolve));
    const summary = /crash-loop: (\d+) rounds .*?, (\d+) reports acknowledged .*?(\d+) failures/.exec(output);
    expect(summary, output).not.toBeNull();
    expect(code, output).toBe(0);
    expect(Number(summary?.[1])).toBe(3);
    expect(Number(summary?.[2])).toBeGreaterThan(0);
    expect(Number(summary?.[3])).toBe(0);
  });
});

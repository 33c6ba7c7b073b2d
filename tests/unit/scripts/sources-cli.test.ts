import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { acquireDataDirLock } from "@/db/lock";
import { runScript, type ScriptRun } from "../../helpers/run-script";
import { articlePage, type LocalSite, localSite, rssFeed } from "../server/sources/site";

// `npm run sources` as a user runs it: a child process on its own data folder (the embedded database), reading
// feeds from a local site (ALLOW_PRIVATE_URLS=1 in its environment).

let root: string;
let dataDir: string;
let site: LocalSite;

function runSources(args: string[], env: Record<string, string> = {}): Promise<ScriptRun> {
  return runScript("sources.ts", args, {
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    ADMIN_TOKEN: "",
    ALLOW_PRIVATE_URLS: "1",
    INIT_CWD: root,
    ...env,
  });
}

/** `add` of the ministry's feed under the sample topic. */
const addFeed = (name: string) => [
  "add",
  "--url",
  site.url("/mfa/rss.xml"),
  "--topic",
  "karabakh-2023",
  "--name",
  name,
];

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "sw-sources-cli-"));
  dataDir = path.join(root, "data");
  site = await localSite();
  // Written for this test: a ministry's feed with one statement on the sample topic.
  site.routes["/mfa/rss.xml"] = {
    type: "application/rss+xml",
    body: rssFeed("Ministry", [
      { title: "Paris condemns the offensive", link: "/mfa/statement", guid: "mfa-1", date: "2023-09-20T10:00:00Z" },
    ]),
  };
  site.routes["/mfa/statement"] = {
    body: articlePage({
      title: "Paris condemns the offensive",
      paragraphs: [
        "France firmly condemns the military offensive that Azerbaijan launched against Nagorno-Karabakh.",
        "The minister called on Baku to stop the fighting at once and to return to talks.",
      ],
    }),
  };
  site.routes["/mfa/"] = { body: "<!doctype html><html><body><p>Press room</p></body></html>" };
  site.routes["/other/rss.xml"] = { type: "application/rss+xml", body: rssFeed("Other ministry", []) };
  fs.writeFileSync(
    path.join(root, "mine.json"),
    JSON.stringify({
      $comment: "Feeds for the test",
      sources: [
        { name: "Other ministry", url: site.url("/other/rss.xml"), language: "en", actor: "DE" },
        { name: "A page", url: site.url("/mfa/") },
      ],
    }),
  );
});
afterAll(async () => {
  await site?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe("npm run sources (child process)", () => {
  test("bad usage exits 2 and says what is wrong, without opening the database", { timeout: 120_000 }, async () => {
    const runs = await Promise.all([
      runSources([]),
      runSources(["fetch"]),
      runSources(["add", "--url", site.url("/mfa/rss.xml"), "--name", "X"]),
      runSources(["add", "--url", site.url("/mfa/rss.xml"), "--topic", "t", "--name", "X", "--language", "french"]),
      runSources(["add", "--url", "ftp://x.example/feed", "--topic", "t", "--name", "X"]),
      runSources(["add", "--topic", "t", "--preset", "no-such-preset"]),
      runSources(["add", "--topic", "t", "--preset", "mine.json", "--name", "X"]),
      runSources(["poll"]),
      runSources(["poll", "--id", "abc"]),
      runSources(["list", "--all"]),
      runSources(["list", "--colour", "red"]),
    ]);
    for (const run of runs) expect(run.code, run.stderr).toBe(2);
    const said = runs.map((r) => r.stderr.split("\n")[0]);
    expect(said).toEqual([
      "Name a command: add, list or poll.",
      'Unknown command "fetch": use add, list or poll.',
      "add needs --topic, the slug or id of the topic the reports are filed under.",
      "--language: language must be a two-letter ISO 639-1 code such as en, fr, de, tr or ru",
      "--url: url must be the http:// or https:// address of an RSS, Atom or JSON feed",
      expect.stringMatching(/^No preset no-such-preset: .*presets\/no-such-preset\.json does not exist\. Presets: /),
      "--preset takes its feeds from the file: leave out --name",
      "poll needs --id <n> or --all (one of them).",
      '--id: "abc" is not a source id',
      "list does not take --all.",
      expect.stringMatching(/Unknown option '--colour'/),
    ]);
    expect(runs[0]?.stderr).toContain("Usage: npm run sources -- <command> [options]");
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  test("add, list and poll on a new data folder; a page that is not a feed is refused (exit 1)", {
    timeout: 240_000,
  }, async () => {
    const empty = await runSources(["list"]);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/^No sources in the database in .*: add one with npm run sources -- add/);

    const added = await runSources([...addFeed("Test MFA"), "--interval", "15", "--match", "Karabakh, Baku"]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(
      /^added source 1: Test MFA \(http:\/\/127\.0\.0\.1:\d+\/mfa\/rss\.xml\) to karabakh-2023, every 15 min/,
    );

    const refused = await runSources(["add", "--url", site.url("/mfa/"), "--topic", "karabakh-2023", "--name", "X"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^Invalid body: url: .*\/mfa\/ is not an RSS, Atom or JSON feed/);

    const preset = await runSources(["add", "--preset", "mine.json", "--topic", "karabakh-2023"]);
    expect(preset.code).toBe(1);
    expect(preset.stdout).toMatch(/^added source \d+: Other ministry/m);
    expect(preset.stdout).toMatch(/^not added: A page \(.*\): Invalid body: url: .* is not an RSS, Atom or JSON feed/m);
    expect(preset.stdout).toMatch(/1 of 2 sources added to the database in /);

    const polled = await runSources(["poll", "--id", "1"]);
    expect(polled.code, polled.stderr).toBe(0);
    expect(polled.stdout.trim()).toBe("source 1 (Test MFA): added 1, duplicates 0, skipped 0, failed 0");

    const list = await runSources(["list"]);
    expect(list.code).toBe(0);
    const [header, first, second] = list.stdout.trimEnd().split("\n");
    expect(header).toMatch(
      /^id\s+state\s+name\s+topic\s+every\s+last poll\s+next poll\s+added\s+seen\s+skipped\s+url$/,
    );
    expect(first).toMatch(
      /^1\s+ok\s+Test MFA\s+karabakh-2023\s+15 min\s+\d{4}-\d\d-\d\d \d\d:\d\dZ\s+\S+ \S+\s+1\s+1\s+0\s+http/,
    );
    expect(second).toMatch(/^\d+\s+new\s+Other ministry\s+karabakh-2023\s+30 min\s+-\s+/);

    // The same feed again is a conflict, not a second source.
    const again = await runSources(addFeed("Y"));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^This feed is already source 1 \("Test MFA"\) of this topic/);
  });

  test("a folder held by a running server: goes to its API, and without a token stops with exit 2", {
    timeout: 60_000,
  }, async () => {
    const release = await acquireDataDirLock(dataDir, "next start");
    try {
      fs.rmSync(path.join(dataDir, "admin-token"), { force: true });
      const run = await runSources(["list"], { STANCEWATCH_URL: "http://127.0.0.1:9" });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`is in use by process ${process.pid} (next start)`);
      expect(run.stderr).toMatch(/Set ADMIN_TOKEN to the server's write token/);
      const down = await runSources(["list"], {
        STANCEWATCH_URL: "http://127.0.0.1:9",
        ADMIN_TOKEN: "secret-token-0123456789",
      });
      expect(down.code).toBe(1);
      expect(down.stderr).toMatch(/the server at http:\/\/127\.0\.0\.1:9 does not answer/);
    } finally {
      release();
    }
  });
});

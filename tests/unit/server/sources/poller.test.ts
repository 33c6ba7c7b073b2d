import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Connection, Database } from "@/db/client";
import { createSource, getSource, recordPoll } from "@/db/queries/sources";
import { sources } from "@/db/schema";
import { startSourcePoller } from "@/server/sources/poller";
import { createTestDatabase } from "../../../helpers/db";

// The background poller over the database's lease, with the poll itself replaced: one poll at a time, every due
// source taken once per round, an error logged and the poller going on, and stop() waiting for the poll under way.

let conn: Connection;
let db: Database;

beforeAll(async () => {
  conn = await createTestDatabase();
  db = conn.db;
});
afterAll(async () => conn?.close());

/** A source of the sample topic (never fetched: the poll is the test's). */
const addSource = (name: string, file: string) =>
  createSource(db, { url: `https://feeds.example.org/${file}`, topic: "karabakh-2023", name });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe("startSourcePoller", () => {
  test("polls each due source once, one at a time; a failing poll is logged and the rest go on", async () => {
    const made = await Promise.all(["One", "Two", "Three"].map((name, i) => addSource(name, `${i}.xml`)));
    const polled: number[] = [];
    const logs: string[] = [];
    let running = 0;
    let most = 0;
    const poller = startSourcePoller({
      pollMs: 20,
      db: async () => db,
      log: (m) => logs.push(m),
      poll: async (tx, source) => {
        running++;
        most = Math.max(most, running);
        polled.push(source.id);
        await sleep(30);
        running--;
        if (source.name === "Two") throw new Error("the feed parser blew up");
        await recordPoll(tx, source.id, { ok: true, etag: null, lastModified: null }, null);
      },
    });
    try {
      await until("three polls", () => polled.length >= 3);
      // Two's lease is still held (its poll failed before recording): it is not taken again meanwhile.
      await sleep(200);
    } finally {
      await poller.stop();
    }
    expect(polled.sort()).toEqual(made.map((s) => s.id).sort());
    expect(most).toBe(1);
    expect(logs).toEqual([
      expect.stringMatching(new RegExp(`^\\[sources\\] the poll of source ${made[1]?.id} \\(Two\\) failed: .*blew up`)),
    ]);
    expect((await getSource(db, made[0]?.id as number)).lastStatus).toBe("ok");
  });

  test("stop() waits for the poll under way, and its signal tells the poll to stop", async () => {
    await db.update(sources).set({ nextPollAt: sql`now() + interval '1 day'` });
    await addSource("Slow", "slow.xml");
    let started = false;
    let finished = false;
    let aborted = false;
    const poller = startSourcePoller({
      pollMs: 20,
      db: async () => db,
      poll: async (_tx, _source, signal) => {
        started = true;
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
        aborted = signal.aborted;
        await sleep(50);
        finished = true;
      },
    });
    await until("the poll to start", () => started);
    await poller.stop();
    expect(aborted).toBe(true);
    expect(finished).toBe(true);
  });
});

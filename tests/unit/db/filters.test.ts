import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { type Connection, queryRows } from "@/db/client";
import { ensureActors } from "@/db/queries/actors";
import { resolveActorIds } from "@/db/queries/filters";
import { Problem } from "@/domain/errors";
import { createTestDatabase } from "../../helpers/db";

let conn: Connection;

beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());
afterEach(() => vi.restoreAllMocks());

async function idOf(code: string): Promise<number> {
  const [row] = await queryRows<{ id: number }>(conn.db, sql`select id from actors where code = ${code}`);
  if (!row) throw new Error(`no actor ${code}`);
  return row.id;
}

const seed = (code: string) => ({ code, name: `Land ${code}`, kind: "state" as const, aliases: [] });

describe("resolveActorIds (kept for a few seconds per connection)", () => {
  test("gives the ids in the order asked, and an unknown code is a 400 listing the valid ones", async () => {
    expect(await resolveActorIds(conn.db, ["RU", "TR"])).toEqual([await idOf("RU"), await idOf("TR")]);
    const error = await resolveActorIds(conn.db, ["TR", "QQ", "XY"]).catch((e) => e);
    expect(error).toBeInstanceOf(Problem);
    expect(error.message).toMatch(/^Unknown actor codes QQ, XY\. Valid codes: TR, RU, US, FR, DE, EU/);
  });

  test("finds an actor added after the codes were read (from this server or another)", async () => {
    await resolveActorIds(conn.db, ["TR"]);
    await ensureActors(conn.db, [seed("KP")]);
    expect(await resolveActorIds(conn.db, ["KP"])).toEqual([await idOf("KP")]);
    expect((await resolveActorIds(conn.db, ["QQ"]).catch((e) => e)).message).toContain("KP");
  });

  test("a code changed by hand in SQL is seen once the kept copy is ten seconds old", async () => {
    await ensureActors(conn.db, [seed("KR")]);
    const id = (await resolveActorIds(conn.db, ["KR"]))[0];
    await conn.db.execute(sql`update actors set code = 'KS' where code = 'KR'`);
    expect(await resolveActorIds(conn.db, ["KR"])).toEqual([id]);
    const now = Date.now();
    vi.spyOn(Date, "now").mockReturnValue(now + 10_001);
    await expect(resolveActorIds(conn.db, ["KR"])).rejects.toThrow(/Unknown actor code KR\./);
    expect(await resolveActorIds(conn.db, ["KS"])).toEqual([id]);
  });
});

import { type APIRequestContext, expect, test } from "@playwright/test";
import { ADMIN_TOKEN } from "../env";
import { expectError } from "../helpers/expect-error";
import { REVIEW_PORT, urlOf } from "../helpers/ports";
import { REVIEW_SEED, withOwnServer } from "../helpers/server";
import { ADMIN_AUTH } from "../helpers/session";

// These tests write. They run on their own server and database (seeded by helpers/seed-review.ts): the sample data plus one
// report, "ruritania-e2e", coded by an automatic coder ("rules/e2e"). The read suites never see these writes.
// Serial: the review flow builds on its earlier steps.
test.describe.configure({ mode: "serial" });
test.use({ baseURL: urlOf(REVIEW_PORT) });
withOwnServer({ port: REVIEW_PORT, name: "review", seed: REVIEW_SEED });

type Item = {
  id: number;
  actor: string;
  reportId: number;
  stance: string;
  status: string;
  coder: string;
  confidence: number;
  statementDate: string;
  statementDatePrecision: string;
  evidence: string;
  evidenceStart: number;
  evidenceEnd: number;
  citedSource: unknown;
  explanation: unknown;
  note: string | null;
};

async function stances(request: APIRequestContext, qs: string): Promise<Item[]> {
  const res = await request.get(`/api/stances?${qs}`);
  expect(res.status()).toBe(200);
  return (await res.json()).items;
}

/** The automatic codings of the review report, by actor, and the report's body. */
async function fixture(request: APIRequestContext) {
  const items = await stances(request, "topic=ruritania-e2e&status=auto,confirmed,corrected,rejected");
  const byActor = Object.fromEntries(items.filter((s) => s.coder === "rules/e2e").map((s) => [s.actor, s]));
  const reportId = items[0]?.reportId as number;
  const report = await (await request.get(`/api/reports/${reportId}`)).json();
  return { byActor: byActor as Record<string, Item>, reportId, body: report.body as string };
}

test.describe("[REVIEW_API] who may write", () => {
  for (const [what, headers, message] of [
    ["no token", {}, /Sign in, or send the admin token as Authorization: Bearer/],
    ["a wrong token", { authorization: "Bearer not-the-token" }, /The admin token is wrong/],
    ["a malformed header", { authorization: ADMIN_TOKEN }, /must be "Bearer <ADMIN_TOKEN>"/],
  ] as const) {
    test(`401 with ${what}, for PATCH and POST, and nothing changes`, async ({ request }) => {
      const { byActor, reportId, body } = await fixture(request);
      const tr = byActor.TR as Item;
      const patch = await request.patch(`/api/stances/${tr.id}`, { headers, data: { action: "reject" } });
      expect((await expectError(patch, 401, message)).code).toBe("unauthorized");
      const start = body.indexOf("Berlin later");
      const post = await request.post("/api/stances", {
        headers,
        data: { reportId, actor: "DE", stance: "condemn", evidenceStart: start, evidenceEnd: start + 20 },
      });
      expect((await expectError(post, 401, message)).code).toBe("unauthorized");
      const after = await fixture(request);
      expect(after.byActor.TR?.status).toBe("auto");
      expect(await stances(request, "topic=ruritania-e2e&actor=DE")).toHaveLength(1);
    });
  }
});

test.describe("[REVIEW_API] bad input", () => {
  type Case = { name: string; data: unknown; raw?: string; message: RegExp; path?: string };
  const patchCases = (body: string, ids: Record<string, Item>): Case[] => [
    {
      name: "an unknown action",
      data: { action: "approve" },
      message: /action must be one of confirm, correct, reject/,
    },
    {
      name: "a stance not in the list",
      data: { action: "correct", stance: "praise" },
      message: /stance must be one of support, neutral, condemn/,
    },
    {
      name: "correcting to the same stance",
      data: { action: "correct", stance: ids.TR?.stance },
      message: /already says support: to accept it as it is, send action "confirm"/,
    },
    {
      name: "offsets past the body",
      data: { action: "correct", stance: "neutral", evidenceStart: 0, evidenceEnd: body.length + 1 },
      message: /ends past the report body/,
    },
    {
      name: "only one offset",
      data: { action: "correct", evidenceStart: 3 },
      message: /give evidenceStart and evidenceEnd together/,
    },
    {
      name: "an unknown field",
      data: { action: "confirm", reviewer: "me" },
      message: /unknown field "reviewer".*Accepted fields: action, stance, statementDate/,
    },
    {
      name: "a stance on a confirm",
      data: { action: "confirm", stance: "condemn" },
      message: /stance is only for action "correct"/,
    },
    { name: "a NUL in the note", data: { action: "confirm", note: "ok\u0000" }, message: /note contains a NUL/ },
    {
      name: "a note over 2000 characters",
      data: { action: "reject", note: "x".repeat(2001) },
      message: /at most 2000/,
    },
    { name: "a body that is not JSON", data: null, raw: "{action: confirm}", message: /not valid JSON/ },
    { name: "a JSON array", data: ["confirm"], message: /send a JSON object/ },
    { name: "an impossible date", data: { action: "correct", statementDate: "2024-02-30" }, message: /YYYY-MM-DD/ },
  ];

  test("PATCH: 400 with a message that says what to fix, and the coding unchanged", async ({ request }) => {
    const { byActor, body } = await fixture(request);
    const tr = byActor.TR as Item;
    for (const c of patchCases(body, byActor)) {
      await test.step(c.name, async () => {
        const res = await request.patch(`/api/stances/${tr.id}`, {
          headers: { ...ADMIN_AUTH, "content-type": "application/json" },
          data: c.raw === undefined ? c.data : Buffer.from(c.raw),
        });
        const error = await expectError(res, 400, c.message);
        expect(error.code).toBe("bad_request");
      });
    }
    const revisions = await (await request.get(`/api/stances/${tr.id}/revisions`)).json();
    expect(revisions.items.map((r: { action: string }) => r.action)).toEqual(["create"]);
    expect((await fixture(request)).byActor.TR).toEqual(tr);
  });

  test("POST: 400 for each bad reference or span, listing valid actor codes, and nothing added", async ({
    request,
  }) => {
    const { reportId, body } = await fixture(request);
    const sample = (await stances(request, "topic=karabakh-2023&actor=TR"))[0] as Item;
    const sampleReport = await (await request.get(`/api/reports/${sample.reportId}`)).json();
    const start = body.indexOf("Berlin later");
    const ok = { reportId, actor: "DE", stance: "condemn", evidenceStart: start, evidenceEnd: start + 47 };
    const cases: Case[] = [
      { name: "unknown actor", data: { ...ok, actor: "XX" }, message: /Unknown actor code XX\. Valid codes: TR, RU/ },
      { name: "unknown report", data: { ...ok, reportId: 424242 }, message: /Unknown report 424242/ },
      { name: "bad stance", data: { ...ok, stance: "approve" }, message: /stance must be one of/ },
      { name: "offsets past the body", data: { ...ok, evidenceEnd: body.length + 9 }, message: /past the report body/ },
      { name: "an empty span", data: { ...ok, evidenceEnd: start }, message: /greater than evidenceStart/ },
      {
        name: "a cited source of another report",
        data: { ...ok, citedSourceId: sampleReport.citedSources[0].id },
        message: new RegExp(`is not one of report ${reportId}'s citations`),
      },
      { name: "a missing stance", data: { ...ok, stance: undefined }, message: /stance must be one of/ },
      { name: "an unknown field", data: { ...ok, coder: "me" }, message: /unknown field "coder"/ },
      { name: "a NUL in the note", data: { ...ok, note: "\u0000" }, message: /note contains a NUL/ },
      { name: "a body that is not JSON", data: null, raw: "reportId=1", message: /not valid JSON/ },
    ];
    for (const c of cases) {
      await test.step(c.name, async () => {
        const res = await request.post("/api/stances", {
          headers: { ...ADMIN_AUTH, "content-type": "application/json" },
          data: c.raw === undefined ? c.data : Buffer.from(c.raw),
        });
        expect((await expectError(res, 400, c.message)).code).toBe("bad_request");
      });
    }
    expect(await stances(request, "topic=ruritania-e2e&actor=DE")).toHaveLength(1);
  });

  test("404 for an unknown coding, 400 for a malformed id, 405 for other methods", async ({ request }) => {
    const patch = await request.patch("/api/stances/987654", { headers: ADMIN_AUTH, data: { action: "confirm" } });
    expect((await expectError(patch, 404, /No coding with id 987654/)).code).toBe("not_found");
    await expectError(await request.get("/api/stances/987654/revisions"), 404, /No coding with id 987654/);
    await expectError(
      await request.patch("/api/stances/abc", { headers: ADMIN_AUTH, data: { action: "confirm" } }),
      400,
      /Invalid coding id "abc"/,
    );
    await expectError(await request.get("/api/stances/0/revisions"), 400, /Invalid coding id "0"/);
    const get = await request.get("/api/stances/1");
    await expectError(get, 405, /GET is not allowed on \/api\/stances\/1; use PATCH/);
    expect(get.headers().allow).toBe("PATCH");
    const put = await request.put("/api/stances", { headers: ADMIN_AUTH, data: {} });
    await expectError(put, 405, /use GET or POST/);
    expect(put.headers().allow).toBe("GET, POST");
    await expectError(await request.post("/api/coder/agreement"), 405, /use GET/);
  });
});

test.describe("[REVIEW_API] review flow", () => {
  test("confirm, then correct: shown under status=corrected, with the history oldest first", async ({ request }) => {
    const { byActor } = await fixture(request);
    const us = byActor.US as Item;
    const confirm = await request.patch(`/api/stances/${us.id}`, {
      headers: ADMIN_AUTH,
      data: { action: "confirm", note: "Matches the State Department's statement." },
    });
    expect(confirm.status()).toBe(200);
    expect(await confirm.json()).toMatchObject({
      id: us.id,
      stance: "condemn",
      status: "confirmed",
      coder: "rules/e2e",
    });

    const correct = await request.patch(`/api/stances/${us.id}`, {
      headers: ADMIN_AUTH,
      data: { action: "correct", stance: "neutral", statementDate: "2024-03", note: "On reflection, no blame." },
    });
    expect(correct.status()).toBe(200);
    const corrected = await correct.json();
    expect(corrected).toMatchObject({
      id: us.id,
      actor: "US",
      stance: "neutral",
      status: "corrected",
      coder: "rules/e2e",
      statementDate: "2024-03-01",
      statementDatePrecision: "month",
      evidence: us.evidence,
    });

    const listed = await stances(request, "status=corrected");
    expect(listed.map((s) => [s.id, s.stance])).toEqual([[us.id, "neutral"]]);

    const { items } = await (await request.get(`/api/stances/${us.id}/revisions`)).json();
    expect(items.map((r: { action: string }) => r.action)).toEqual(["create", "confirm", "correct"]);
    expect(items[1]).toMatchObject({
      changedBy: "analyst",
      note: "Matches the State Department's statement.",
      oldValue: { stance: "condemn", status: "auto" },
      newValue: { stance: "condemn", status: "confirmed" },
    });
    expect(items[2]).toMatchObject({
      changedBy: "analyst",
      note: "On reflection, no blame.",
      oldValue: { stance: "condemn", status: "confirmed", statementDate: "2024-03-04" },
      newValue: {
        stance: "neutral",
        status: "corrected",
        statementDate: "2024-03-01",
        statementDatePrecision: "month",
      },
    });
    expect(Date.parse(items[2].changedAt)).toBeGreaterThanOrEqual(Date.parse(items[1].changedAt));
    expect(Object.keys(items[2]).sort()).toEqual([
      "action",
      "changedAt",
      "changedBy",
      "id",
      "newValue",
      "note",
      "oldValue",
    ]);
  });

  test("correcting the evidence moves it to another span of the same report", async ({ request }) => {
    const { byActor, body } = await fixture(request);
    const fr = byActor.FR as Item;
    const start = body.indexOf("demanded a withdrawal");
    const res = await request.patch(`/api/stances/${fr.id}`, {
      headers: ADMIN_AUTH,
      data: { action: "correct", evidenceStart: start, evidenceEnd: start + "demanded a withdrawal".length },
    });
    expect(res.status()).toBe(200);
    const item = await res.json();
    expect(item).toMatchObject({ stance: "condemn", status: "corrected", evidence: "demanded a withdrawal" });
    expect(body.slice(item.evidenceStart, item.evidenceEnd)).toBe(item.evidence);
  });

  test("reject removes a coding from the default view; status=rejected still finds it", async ({ request }) => {
    const { byActor } = await fixture(request);
    const ru = byActor.RU as Item;
    const before = await stances(request, "topic=ruritania-e2e");
    expect(before.map((s) => s.id)).toContain(ru.id);
    const res = await request.patch(`/api/stances/${ru.id}`, {
      headers: ADMIN_AUTH,
      data: { action: "reject", note: "Moscow spoke of another incident." },
    });
    expect(res.status()).toBe(200);
    expect((await res.json()).status).toBe("rejected");
    const after = await stances(request, "topic=ruritania-e2e");
    expect(after.map((s) => s.id)).not.toContain(ru.id);
    expect(after).toHaveLength(before.length - 1);
    expect((await stances(request, "status=rejected")).map((s) => s.id)).toEqual([ru.id]);
  });

  test("an analyst adds the coding the coder missed: 201, confirmed, dated by its report", async ({ request }) => {
    const { reportId, body } = await fixture(request);
    const sentence = "Berlin later called the operation unacceptable.";
    const start = body.indexOf(sentence);
    const res = await request.post("/api/stances", {
      headers: ADMIN_AUTH,
      data: {
        reportId,
        actor: "de",
        stance: "condemn",
        evidenceStart: start,
        evidenceEnd: start + sentence.length,
        note: "The coder missed the second Berlin sentence.",
      },
    });
    expect(res.status()).toBe(201);
    const item = await res.json();
    expect(item).toMatchObject({
      actor: "DE",
      reportId,
      stance: "condemn",
      evidence: sentence,
      coder: "analyst",
      confidence: 1,
      status: "confirmed",
      explanation: { rule: "added by analyst" },
      statementDate: "2024-03-04",
      statementDatePrecision: "day",
      citedSource: null,
      note: "The coder missed the second Berlin sentence.",
    });
    const de = await stances(request, "topic=ruritania-e2e&actor=DE");
    expect(de.map((s) => s.stance).sort()).toEqual(["condemn", "neutral"]);
    const { items } = await (await request.get(`/api/stances/${item.id}/revisions`)).json();
    expect(items).toEqual([
      expect.objectContaining({ action: "create", changedBy: "analyst", oldValue: null, note: item.note }),
    ]);
    const twice = await request.post("/api/stances", {
      headers: ADMIN_AUTH,
      data: { reportId, actor: "DE", stance: "neutral", evidenceStart: start, evidenceEnd: start + sentence.length },
    });
    expect((await expectError(twice, 409, new RegExp(`Coding ${item.id} already codes DE`))).code).toBe("conflict");
  });

  test("TR and EU confirmed; the coder agreement shows the hand-computed figures", async ({ request }) => {
    const { byActor } = await fixture(request);
    for (const actor of ["TR", "EU"]) {
      const res = await request.patch(`/api/stances/${byActor[actor]?.id}`, {
        headers: ADMIN_AUTH,
        data: { action: "confirm" },
      });
      expect(res.status()).toBe(200);
    }
    const res = await request.get("/api/coder/agreement?topic=ruritania-e2e");
    expect(res.status()).toBe(200);
    const body = await res.json();
    // Reviewed: TR (support, support), US (condemn, neutral), FR (condemn, condemn: evidence moved only),
    // RU (neutral, none), EU (condemn, condemn), DE added (none, condemn); DE's automatic neutral is unreviewed.
    // po = 3/6; coder margins support 1, neutral 1, condemn 3, none 1; analyst support 1, neutral 1,
    // condemn 3, none 1: pe = (1 + 1 + 9 + 1) / 36 = 1/3; kappa = (1/2 - 1/3) / (2/3) = 0.25.
    expect(body).toMatchObject({ n: 6, rawAgreement: 0.5, kappa: 0.25 });
    expect(body.labels).toEqual(["support", "neutral", "condemn", "none"]);
    expect(body.confusion).toEqual({
      support: { support: 1, neutral: 0, condemn: 0, none: 0 },
      neutral: { support: 0, neutral: 0, condemn: 0, none: 1 },
      condemn: { support: 0, neutral: 1, condemn: 2, none: 0 },
      none: { support: 0, neutral: 0, condemn: 1, none: 0 },
    });
    // condemn: TP 2, the coder said it 3 times, analysts 3 times: n 4, precision 2/3, recall 2/3, F1 2/3.
    expect(body.perStance).toContainEqual({
      stance: "condemn",
      n: 4,
      agreement: 0.5,
      precision: 0.6667,
      recall: 0.6667,
      f1: 0.6667,
    });
    expect(body.perActor.map((a: { actor: string; n: number }) => [a.actor, a.n])).toEqual([
      ["TR", 1],
      ["RU", 1],
      ["US", 1],
      ["FR", 1],
      ["DE", 1],
      ["EU", 1],
    ]);
    // The sample's hand-coded imports never count, so the whole database gives the same figures.
    expect(await (await request.get("/api/coder/agreement")).json()).toEqual(body);
    const us = await (await request.get("/api/coder/agreement?actor=US&from=2024-03-01&to=2024-03-31")).json();
    expect(us).toMatchObject({ n: 1, rawAgreement: 0, kappa: 0 });
    const none = await (await request.get("/api/coder/agreement?to=2000-01-01")).json();
    expect(none).toMatchObject({ n: 0, rawAgreement: null, kappa: null, perActor: [] });
    await expectError(await request.get("/api/coder/agreement?actor=ZZ"), 400, /Valid codes: TR/);
    await expectError(await request.get("/api/coder/agreement?status=auto"), 400, /unknown parameter "status"/);
  });
});

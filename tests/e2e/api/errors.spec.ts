import { expect, test } from "@playwright/test";
import { expectError } from "../helpers/expect-error";

type Case = {
  name: string;
  method?: "GET" | "POST" | "DELETE";
  path: string;
  status: number;
  code: string;
  message: RegExp;
};

const cases: Case[] = [
  {
    name: "unknown actor code lists the valid ones",
    path: "/api/stances?actor=TR,XX",
    status: 400,
    code: "bad_request",
    message: /Unknown actor code XX\. Valid codes: TR, RU, US, FR, DE, EU/,
  },
  {
    name: "unknown actor in the summary",
    path: "/api/stances/summary?actor=ZZ",
    status: 400,
    code: "bad_request",
    message: /Valid codes: TR/,
  },
  {
    name: "malformed from date",
    path: "/api/stances?from=2023-9-1",
    status: 400,
    code: "bad_request",
    message: /from must be a calendar date/,
  },
  {
    name: "impossible to date",
    path: "/api/stances?to=2023-02-30",
    status: 400,
    code: "bad_request",
    message: /to must be a calendar date/,
  },
  {
    name: "from after to",
    path: "/api/stances?from=2023-10-01&to=2023-09-01",
    status: 400,
    code: "bad_request",
    message: /from must be on or before to/,
  },
  {
    name: "bad stance",
    path: "/api/stances?stance=praise",
    status: 400,
    code: "bad_request",
    message: /stance must be one of support, neutral, condemn/,
  },
  {
    name: "bad status",
    path: "/api/stances?status=done",
    status: 400,
    code: "bad_request",
    message: /status must be one of/,
  },
  { name: "bad limit", path: "/api/stances?limit=-5", status: 400, code: "bad_request", message: /limit/ },
  { name: "bad cursor", path: "/api/stances?cursor=abc", status: 400, code: "bad_request", message: /Invalid cursor/ },
  {
    name: "bad format",
    path: "/api/stances?format=xlsx",
    status: 400,
    code: "bad_request",
    message: /format must be one of json, csv/,
  },
  {
    name: "unknown topic",
    path: "/api/stances?topic=atlantis",
    status: 400,
    code: "bad_request",
    message: /Unknown topic "atlantis"\. Known topics: karabakh-2023/,
  },
  {
    name: "unknown report filter",
    path: "/api/stances?report=424242",
    status: 400,
    code: "bad_request",
    message: /Unknown report 424242/,
  },
  {
    name: "unknown parameter",
    path: "/api/stances?actors=TR",
    status: 400,
    code: "bad_request",
    message: /unknown parameter "actors".*Accepted parameters: actor,/,
  },
  {
    name: "bad summary grouping",
    path: "/api/stances/summary?by=week",
    status: 400,
    code: "bad_request",
    message: /by must be one of source, report, day, month, outlet/,
  },
  {
    name: "summary malformed date",
    path: "/api/stances/summary?from=yesterday",
    status: 400,
    code: "bad_request",
    message: /from must be a calendar date/,
  },
  {
    name: "reports: malformed date",
    path: "/api/reports?to=2023/10/01",
    status: 400,
    code: "bad_request",
    message: /to must be a calendar date/,
  },
  {
    name: "reports: bad language",
    path: "/api/reports?language=english",
    status: 400,
    code: "bad_request",
    message: /language must be an ISO 639-1 code/,
  },
  {
    name: "reports: unknown topic",
    path: "/api/reports?topic=nowhere",
    status: 400,
    code: "bad_request",
    message: /Unknown topic/,
  },
  {
    name: "unknown report id",
    path: "/api/reports/987654",
    status: 404,
    code: "not_found",
    message: /No report with id 987654/,
  },
  {
    name: "malformed report id",
    path: "/api/reports/abc",
    status: 400,
    code: "bad_request",
    message: /Invalid report id "abc"/,
  },
  {
    name: "unknown route",
    path: "/api/nothing-here",
    status: 404,
    code: "not_found",
    message: /No API route GET \/api\/nothing-here/,
  },
  {
    name: "unknown nested route",
    path: "/api/stances/summary/extra",
    status: 404,
    code: "not_found",
    message: /No API route/,
  },
  {
    name: "unknown route, POST",
    method: "POST",
    path: "/api/elsewhere",
    status: 404,
    code: "not_found",
    message: /No API route POST/,
  },
  { name: "the bare /api path", path: "/api", status: 404, code: "not_found", message: /No API route GET \/api/ },
  {
    name: "POST on a read route",
    method: "POST",
    path: "/api/stances/summary",
    status: 405,
    code: "method_not_allowed",
    message: /POST is not allowed on \/api\/stances\/summary; use GET/,
  },
  {
    name: "DELETE on a report",
    method: "DELETE",
    path: "/api/reports/1",
    status: 405,
    code: "method_not_allowed",
    message: /DELETE is not allowed/,
  },
  {
    name: "a country name instead of a code",
    path: "/api/stances?actor=United%20States",
    status: 400,
    code: "bad_request",
    message: /Unknown actor code UNITED STATES\. Valid codes: TR, RU, US, FR, DE, EU/,
  },
  {
    name: "year zero",
    path: "/api/stances?from=0000-01-01",
    status: 400,
    code: "bad_request",
    message: /from must be a calendar date/,
  },
  {
    name: "an id too large for the database",
    path: "/api/stances?topic=99999999999",
    status: 400,
    code: "bad_request",
    message: /topic must be a topic id or slug/,
  },
  {
    name: "a crafted cursor",
    path: `/api/stances?cursor=${Buffer.from('["2023-13-45",1]').toString("base64url")}`,
    status: 400,
    code: "bad_request",
    message: /Invalid cursor/,
  },
  {
    name: "CSV with an unknown actor",
    path: "/api/stances?format=csv&actor=XX",
    status: 400,
    code: "bad_request",
    message: /Valid codes/,
  },
  {
    name: "an unknown source key",
    path: "/api/stances?source=elsewhere",
    status: 400,
    code: "bad_request",
    message: /source must be a summary key/,
  },
  {
    name: "alignment with an unknown actor",
    path: "/api/alignment?actor=TR,ZZ",
    status: 400,
    code: "bad_request",
    message: /Unknown actor code ZZ/,
  },
  {
    name: "summary maxGroups out of range",
    path: "/api/stances/summary?maxGroups=0",
    status: 400,
    code: "bad_request",
    message: /maxGroups must be between 1 and 5000/,
  },
];

test.describe("[API_ERRORS]", () => {
  for (const c of cases) {
    test(`${c.status} ${c.name}`, async ({ request }) => {
      const res = await request.fetch(c.path, { method: c.method ?? "GET" });
      const error = await expectError(res, c.status, { code: c.code, message: c.message });
      if (c.status === 400) expect(Array.isArray(error.issues)).toBe(true);
      if (c.status === 405) expect(res.headers().allow).toBe("GET");
    });
  }
});

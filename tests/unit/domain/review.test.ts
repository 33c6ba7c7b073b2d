import { describe, expect, test } from "vitest";
import { evidenceSpanProblem } from "@/domain/review";

describe("evidenceSpanProblem", () => {
  const body = "Ankara praised it. 🇹🇷 \n\n Paris objected.";

  test("a span inside the body with text in it is fine", () => {
    expect(evidenceSpanProblem(body, 0, 18)).toBeNull();
  });

  test("past the end, white space only, or cutting a character in two are refused", () => {
    expect(evidenceSpanProblem(body, 0, body.length + 1)).toMatch(/ends past the report body/);
    expect(evidenceSpanProblem(body, 24, 27)).toMatch(/only white space/);
    const flag = body.indexOf("🇹🇷");
    expect(evidenceSpanProblem(body, flag + 1, flag + 4)).toMatch(/cuts a character in two/);
    expect(evidenceSpanProblem(body, flag, flag + 4)).toBeNull();
  });
});

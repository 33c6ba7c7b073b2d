import { describe, expect, it } from "vitest";
import { escapeXml, xmlText } from "../../../server/xml";

describe("xml text", () => {
  it("escapes markup and drops what XML 1.0 cannot hold, keeping tabs, newlines and astral characters", () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>`)).toBe(
      "&#60;a href=&#34;x&#34;&#62;Tom &#38; &#39;Jerry&#39;&#60;/a&#62;",
    );
    expect(xmlText("Le\u00a0Monde\u000c page\u0001\t2\n\r")).toBe("Le\u00a0Monde page\t2\n\r");
    expect(xmlText("flag \uD83C\uDDEB\uD83C\uDDF7 lone \uD800 and \uDC00 end\uFFFE")).toBe(
      "flag \uD83C\uDDEB\uD83C\uDDF7 lone  and  end",
    );
  });
});

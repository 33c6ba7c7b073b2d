import { describe, expect, test } from "vitest";
import { detectLanguage } from "@/server/sources/language";

const PARAGRAPHS: Record<string, string> = {
  en: "The foreign ministry of Freedonia condemned the blockade of the river port on Tuesday and called on both governments to return to the negotiating table without preconditions.",
  fr: "Le ministère des affaires étrangères de Freedonia a condamné mardi le blocus du port fluvial et a appelé les deux gouvernements à reprendre les négociations sans conditions préalables.",
  de: "Das Außenministerium von Freedonia verurteilte am Dienstag die Blockade des Flusshafens und rief beide Regierungen auf, ohne Vorbedingungen an den Verhandlungstisch zurückzukehren.",
  ru: "Министерство иностранных дел Фридонии во вторник осудило блокаду речного порта и призвало оба правительства вернуться за стол переговоров без предварительных условий.",
  tr: "Freedonia Dışişleri Bakanlığı salı günü nehir limanının ablukasını kınadı ve her iki hükümeti de ön koşulsuz olarak müzakere masasına dönmeye çağırdı.",
  uk: "Міністерство закордонних справ Фрідонії у вівторок засудило блокаду річкового порту і закликало обидва уряди повернутися за стіл переговорів без попередніх умов.",
};

describe("detectLanguage", () => {
  for (const [language, text] of Object.entries(PARAGRAPHS)) {
    test(`a paragraph in ${language}`, () => expect(detectLanguage(text)).toBe(language));
  }

  test("a language franc names by an individual code maps to its macrolanguage's code", () => {
    const arabic =
      "أدانت وزارة الخارجية في فريدونيا يوم الثلاثاء حصار ميناء النهر ودعت الحكومتين إلى العودة إلى طاولة المفاوضات دون شروط مسبقة.";
    expect(detectLanguage(arabic)).toBe("ar");
  });

  test("too little text is not a detection", () => {
    expect(detectLanguage("")).toBeNull();
    expect(detectLanguage("The ministry condemned the blockade.")).toBeNull();
    expect(
      detectLanguage("2025-01-14 12:00 +++ 2025-01-15 13:30 +++ 1998 / 2004 / 2011 — 42 % — 17.5 % — 300 000"),
    ).toBeNull();
  });
});

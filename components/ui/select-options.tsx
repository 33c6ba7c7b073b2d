import type { TopicItem } from "@/contracts/responses";

/** The options of a form's topic select, by slug; one that says so when there is no topic yet. */
export function TopicOptions({ topics }: { topics: readonly Pick<TopicItem, "id" | "slug" | "title">[] }) {
  return (
    <>
      {topics.length === 0 && <option value="">No topic yet</option>}
      {topics.map((t) => (
        <option key={t.id} value={t.slug}>
          {t.title}
        </option>
      ))}
    </>
  );
}

/** The languages the coder reads, for a form's language select. */
const LANGUAGES: [string, string][] = [
  ["en", "English"],
  ["fr", "French"],
  ["de", "German"],
  ["tr", "Turkish"],
  ["ru", "Russian"],
  ["uk", "Ukrainian"],
];

export function LanguageOptions() {
  return (
    <>
      {LANGUAGES.map(([code, name]) => (
        <option key={code} value={code}>
          {name} ({code})
        </option>
      ))}
    </>
  );
}

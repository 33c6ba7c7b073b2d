import { notFound } from "next/navigation";
import { ActorStanceCard } from "@/components/home/actor-stance-card";
import { StanceLegend } from "@/components/ui/stance-badge";
import { getDb } from "@/db/client";
import { getTopicOverview } from "@/db/queries/overview";
import { formatDate } from "@/lib/dates";
import { actorColor } from "@/lib/stance-style";

// Every request reads the current codings; nothing here is rendered at build time.
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ topic?: string | string[] }> };

export default async function HomePage({ searchParams }: Props) {
  const { topic: topicParam } = await searchParams;
  const topicRef = typeof topicParam === "string" ? topicParam : undefined;
  const overview = await getTopicOverview(await getDb(), topicRef);
  if (topicRef && !overview.topic) notFound();
  const { topic, actors, topics } = overview;

  if (!topic) {
    return (
      <section className="empty-state">
        <h1>No topics yet</h1>
        <p>
          Stancewatch has no reports to show. Start it with <code>SAMPLE_DATA=1</code> (the default) to load the sample
          case, or add reports through the API.
        </p>
      </section>
    );
  }

  const all = actors.flatMap((a) => a.statements);
  const byDate = [...all].sort((a, b) => a.statementDate.localeCompare(b.statementDate));
  const first = byDate[0];
  const last = byDate.at(-1);
  const coded = actors.filter((a) => a.overall).length;

  return (
    <>
      <section className="topic-hero" aria-labelledby="topic-title">
        <p className="eyebrow">Topic</p>
        <h1 id="topic-title">{topic.title}</h1>
        <p className="topic-hero__meta">
          Acting party: <strong>{topic.actingParty}</strong> · {topic.reportCount} report
          {topic.reportCount === 1 ? "" : "s"} · {all.length} coded statement{all.length === 1 ? "" : "s"}
          {first && last && (
            <>
              {" "}
              · {formatDate(first.statementDate, first.statementDatePrecision)} –{" "}
              {formatDate(last.statementDate, last.statementDatePrecision)}
            </>
          )}
        </p>
        {topics.length > 1 && (
          <nav className="topic-switch" aria-label="Topics">
            {topics.map((t) => (
              <a key={t.id} href={`/?topic=${t.slug}`} aria-current={t.id === topic.id ? "page" : undefined}>
                {t.title}
              </a>
            ))}
          </nav>
        )}
        <div className="topic-hero__legend">
          <StanceLegend />
          <span className="muted">
            {coded} of {actors.length} actors coded. An overall label follows the codebook: support or condemn outweighs
            neutral, and between them the later statement wins.
          </span>
        </div>
      </section>

      <section className="actor-grid" aria-label="Stances by actor">
        {actors.map(({ actor, overall, statements }, i) => (
          <ActorStanceCard
            key={actor.code}
            actor={actor}
            color={actorColor(actor, i)}
            overall={overall}
            statements={statements}
          />
        ))}
      </section>
    </>
  );
}

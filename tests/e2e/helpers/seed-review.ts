// Prepares the review suite's own database before its server starts (startSuiteServer runs it with tsx): the
// sample data plus one report coded by an automatic coder, so that reviews have something to agree with.
// DATABASE_URL (an empty database) or DATA_DIR (an empty folder) says where.
import { openConnection } from "../../../db/client";
import { createReport } from "../../../db/queries/reports";
import { ensureTopic } from "../../../db/queries/topics";
import { actors, type Stance } from "../../../db/schema";
import { loadSampleData } from "../../../db/seed/load";
import { normalizeBody } from "../../../domain/text";
import { TEST_OUTBOX } from "../../helpers/db";

const REVIEW_TOPIC = "ruritania-e2e";
const AUTO_CODER = "rules/e2e";

const SENTENCES: [string, string, Stance | null][] = [
  ["TR", "Ankara praised the operation as a legitimate act of self-defence.", "support"],
  ["RU", "Moscow called on both sides to show restraint.", "neutral"],
  ["US", "Washington condemned the incursion.", "condemn"],
  ["FR", "Paris condemned the incursion and demanded a withdrawal.", "condemn"],
  ["DE", "Berlin urged dialogue.", "neutral"],
  ["EU", "Brussels condemned the attack.", "condemn"],
  // The coder missed this one: the suite adds it as an analyst.
  ["DE", "Berlin later called the operation unacceptable.", null],
];

async function main() {
  const url = process.env.DATABASE_URL;
  const dataDir = process.env.DATA_DIR;
  if (!url && !dataDir) throw new Error("set DATABASE_URL or DATA_DIR");
  const conn = await openConnection(url ? { databaseUrl: url } : { dataDir: dataDir as string });
  try {
    await conn.migrate();
    await loadSampleData(conn.db);
    const topicId = await ensureTopic(conn.db, {
      slug: REVIEW_TOPIC,
      title: "Ruritania's March 2024 incursion",
      actingParty: "Ruritania",
      actingPartyAliases: ["Ruritania"],
    });
    const ids = new Map((await conn.db.select().from(actors)).map((a) => [a.code, a.id]));
    const body = normalizeBody(`Ruritania crossed the border on 3 March.\n\n${SENTENCES.map((s) => s[1]).join(" ")}`);
    await createReport(
      conn.db,
      {
        topicId,
        title: "Reactions to the incursion",
        outlet: "Test Wire",
        publishedOn: "2024-03-04",
        publishedPrecision: "day",
        url: null,
        language: "en",
        body,
        citations: [],
        codings: SENTENCES.flatMap(([actor, sentence, stance]) =>
          stance === null
            ? []
            : [
                {
                  actorId: ids.get(actor) as number,
                  stance,
                  statementDate: "2024-03-04",
                  statementDatePrecision: "day" as const,
                  evidenceStart: body.indexOf(sentence),
                  evidenceEnd: body.indexOf(sentence) + sentence.length,
                  citation: null,
                  coder: AUTO_CODER,
                  confidence: 0.7,
                  status: "auto" as const,
                },
              ],
        ),
      },
      AUTO_CODER,
      TEST_OUTBOX,
    );
  } finally {
    await conn.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

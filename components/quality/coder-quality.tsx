"use client";

import Link from "next/link";
import { STANCE_STYLE } from "@/components/charts/style";
import { type AgreementFilters, agreementFilters } from "@/contracts/filters";
import type { Agreement, AgreementLabel } from "@/domain/agreement";
import { useAgreement } from "@/hooks/use-agreement";
import { useDashboardFilters } from "@/hooks/use-dashboard-filters";
import { useActors, useTopics } from "@/hooks/use-reference-data";
import { FilterBar } from "../filters/filter-bar";
import { QueryState } from "../ui/query-state";

const percent = (x: number | null) => (x === null ? "n/a" : `${Math.round(x * 1000) / 10}%`);
const fixed = (x: number | null) => (x === null ? "n/a" : x.toFixed(2));

/** Landis and Koch's words for a kappa, the usual reading in content analysis. */
export function kappaWords(kappa: number | null): string {
  if (kappa === null) return "not defined";
  if (kappa < 0) return "worse than chance";
  if (kappa <= 0.2) return "slight";
  if (kappa <= 0.4) return "fair";
  if (kappa <= 0.6) return "moderate";
  if (kappa <= 0.8) return "substantial";
  return "almost perfect";
}

function labelWord(label: AgreementLabel): string {
  return label === "none" ? "None" : STANCE_STYLE[label].label;
}

/** The automatic coder against the analysts who reviewed its codings, under the URL's filters. */
export function CoderQuality() {
  const { filters, update, setFilters } = useDashboardFilters();
  const scope: AgreementFilters = agreementFilters(filters);
  const query = useAgreement(scope);
  const actors = useActors().data?.items ?? [];
  const topics = useTopics().data?.items ?? [];
  const names = new Map(actors.map((a) => [a.code, a.name]));
  const data = query.data;

  return (
    <div className="quality">
      <FilterBar
        filters={scope}
        onChange={update}
        onReset={() => setFilters({})}
        actors={actors}
        topics={topics}
        fields={["actor", "topic", "from", "to"]}
        countriesNoneHint="None chosen: every actor"
      />
      <section aria-busy={query.isFetching} className={query.isPlaceholderData ? "chart__body--refreshing" : undefined}>
        <QueryState what="the agreement" loading={query.isLoading} error={query.error} />
        {data && data.n === 0 && (
          <div className="empty-state" data-testid="quality-empty">
            <h2>No reviewed automatic codings {Object.keys(scope).length ? "under these filters" : "yet"}</h2>
            <p className="muted">
              The figures compare the coder with analysts. Open a report, then confirm, correct or reject its automatic
              codings (or add the ones it missed): each review counts here.
            </p>
            <p>
              <Link href="/">Go to the dashboard</Link>
            </p>
          </div>
        )}
        {data && data.n > 0 && <AgreementFigures data={data} names={names} />}
      </section>
    </div>
  );
}

function AgreementFigures({ data, names }: { data: Agreement; names: ReadonlyMap<string, string> }) {
  return (
    <>
      <dl className="quality__headline" data-testid="quality-headline">
        <div>
          <dt>Reviewed codings</dt>
          <dd>{data.n}</dd>
        </div>
        <div>
          <dt>Raw agreement</dt>
          <dd>{percent(data.rawAgreement)}</dd>
        </div>
        <div>
          <dt>Cohen&apos;s kappa</dt>
          <dd>
            {fixed(data.kappa)} <span className="muted">({kappaWords(data.kappa)})</span>
          </dd>
        </div>
      </dl>

      <div className="quality__grid">
        <figure className="chart">
          <figcaption className="chart__title">Confusion table</figcaption>
          <p className="chart__subtitle">Rows: what the coder said. Columns: what the analyst decided.</p>
          <table className="data-table" aria-label="Confusion table">
            <thead>
              <tr>
                <th scope="col">Coder ↓ / analyst →</th>
                {data.labels.map((l) => (
                  <th key={l} scope="col">
                    {labelWord(l)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.labels.map((row) => (
                <tr key={row}>
                  <th scope="row">{labelWord(row)}</th>
                  {data.labels.map((col) => (
                    <td key={col} className={row === col ? "data-table__diagonal" : undefined}>
                      {data.confusion[row][col]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </figure>

        <figure className="chart">
          <figcaption className="chart__title">Per stance</figcaption>
          <p className="chart__subtitle">
            Precision: of the coder&apos;s labels, the share analysts kept. Recall: of the analysts&apos; labels, the
            share the coder found.
          </p>
          <table className="data-table" aria-label="Per stance">
            <thead>
              <tr>
                <th scope="col">Stance</th>
                <th scope="col">Codings</th>
                <th scope="col">Precision</th>
                <th scope="col">Recall</th>
                <th scope="col">F1</th>
              </tr>
            </thead>
            <tbody>
              {data.perStance.map((s) => (
                <tr key={s.stance}>
                  <th scope="row">
                    {STANCE_STYLE[s.stance].glyph} {STANCE_STYLE[s.stance].label}
                  </th>
                  <td>{s.n}</td>
                  <td>{percent(s.precision)}</td>
                  <td>{percent(s.recall)}</td>
                  <td>{fixed(s.f1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </figure>

        <figure className="chart">
          <figcaption className="chart__title">Per actor</figcaption>
          <p className="chart__subtitle">Where the coder needs most review.</p>
          <table className="data-table" aria-label="Per actor">
            <thead>
              <tr>
                <th scope="col">Actor</th>
                <th scope="col">Codings</th>
                <th scope="col">Raw agreement</th>
                <th scope="col">Kappa</th>
              </tr>
            </thead>
            <tbody>
              {data.perActor.map((a) => (
                <tr key={a.actor} data-actor={a.actor}>
                  <th scope="row">{names.get(a.actor) ?? a.actor}</th>
                  <td>{a.n}</td>
                  <td>{percent(a.rawAgreement)}</td>
                  <td>{fixed(a.kappa)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </figure>
      </div>
      <p className="muted quality__note">
        Counted: every automatic coding an analyst confirmed, corrected or rejected, and every coding an analyst added
        (the coder said none). The coder&apos;s label is the one it first gave; hand-coded imports such as the sample
        data are left out.
      </p>
    </>
  );
}

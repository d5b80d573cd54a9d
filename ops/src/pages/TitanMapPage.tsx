/**
 * @module
 * The Titan Map at a glance: coverage of the published map (which services book cleanly, which
 * do not and why, service-area zips no zone covers) and the drift findings to review.
 */
import { useState } from 'preact/hooks';
import { FINDING_STATES } from '../../../shared/titan-map.ts';
import type { InferResponseType } from 'hono/client';
import { api, read, withJson } from '../api.ts';
import { PagedList } from '../paged.tsx';
import { useResource } from '../resource.ts';
import { href } from '../router.ts';
import { ActionResult, Badge, Empty, Load, Text, Time, useAction } from '../ui.tsx';

const findings = api['titan-map']['drift-findings'];
type Finding = InferResponseType<typeof findings.$get>['findings'][number];

function CoverageView({ tenant }: { tenant: string }) {
  const coverage = useResource(
    () => read(api['titan-map'].tenants[':tenant'].coverage.$get({ param: { tenant } })),
    [tenant],
  );
  return (
    <Load resource={coverage} what="coverage">
      {(c) => (
        <>
          <p class="score">
            <strong>{Math.round(c.score * 100)}%</strong> of offered services book cleanly (
            {c.covered} of {c.offered}) with map version <code>{c.mapVersion ?? 'none'}</code>.
          </p>
          {c.gaps.length === 0 ? (
            <p>Every offered service has a complete, active binding.</p>
          ) : (
            <table>
              <caption>Gaps: services that will need review when booked</caption>
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {c.gaps.map((gap) => (
                  <tr key={gap.service}>
                    <td>
                      {gap.label} <code>{gap.service}</code>
                    </td>
                    <td>{gap.reasons.map((r) => r.replace(/_/g, ' ')).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>
            Service area: {c.serviceArea.covered} of {c.serviceArea.zips} zips are in an active zone
            {c.serviceArea.uncoveredZips.length > 0 && (
              <>; not covered: {c.serviceArea.uncoveredZips.join(', ')}</>
            )}
            .
          </p>
        </>
      )}
    </Load>
  );
}

/** Resolve (note required) or dismiss; `onClosed` reports the outcome once the list reloads. */
function FindingReview({
  finding,
  onClosed,
}: {
  finding: Finding;
  onClosed: (message: string) => void;
}) {
  const [note, setNote] = useState('');
  const action = useAction();
  const close = (verb: 'resolve' | 'dismiss') => {
    const message = verb === 'resolve' ? 'Finding resolved.' : 'Finding dismissed.';
    void action.run(
      () => read(findings[':id'][verb].$post({ param: { id: finding.id } }, withJson({ note }))),
      '', // announced by the list, which outlives this form
      () => onClosed(message),
    );
  };
  return (
    <form
      class="stack"
      aria-label={`Review finding ${finding.id}`}
      onSubmit={(e) => (e.preventDefault(), close('resolve'))}
    >
      <label>
        What was done (required to resolve)
        <input
          value={note}
          maxLength={2000}
          onInput={(e) => setNote((e.target as HTMLInputElement).value)}
        />
      </label>
      <div>
        <button type="submit" disabled={action.busy || note.trim() === ''}>
          Resolve
        </button>{' '}
        <button type="button" disabled={action.busy} onClick={() => close('dismiss')}>
          Dismiss
        </button>
      </div>
      <ActionResult action={action} />
    </form>
  );
}

function Findings({ tenant, state }: { tenant: string; state: string }) {
  // Held here, not in the finding's form: a closed finding leaves the open list on reload.
  const [notice, setNotice] = useState('');
  return (
    <>
      <p role="status" class="done">
        {notice}
      </p>
      <PagedList
        load={(q) => read(findings.$get({ query: q }))}
        query={{ tenant, state }}
        items={(page) => page.findings}
        what="drift findings"
        empty={
          <Empty>
            No {state} drift findings. A finding appears when a re-imported ServiceTitan export or a
            zone webhook changes something the published map uses.
          </Empty>
        }
      >
        {(findings, reload) =>
          findings.map((f) => (
            <article key={f.id} class="card" aria-labelledby={`finding-${f.id}`}>
              <h3 id={`finding-${f.id}`}>
                <Badge value={f.severity} /> {f.summary}
              </h3>
              <p class="muted small">
                {f.kind.replace(/_/g, ' ')} · from {f.origin} · <Time iso={f.createdAt} />
                {f.affectedService && (
                  <>
                    {' '}
                    · service <code>{f.affectedService}</code>
                  </>
                )}
                {f.affectedZip && <> · zip {f.affectedZip}</>}
              </p>
              <p>
                <strong>Recommended fix:</strong> {f.recommendedFix}
              </p>
              {f.reviewState === 'open' ? (
                <FindingReview
                  finding={f}
                  onClosed={(message) => {
                    setNotice(message);
                    reload();
                  }}
                />
              ) : (
                <p>
                  <Badge value={f.reviewState} /> by <Text value={f.resolvedBy} />{' '}
                  <Time iso={f.resolvedAt} />
                  {f.resolutionNote && <>: {f.resolutionNote}</>}
                </p>
              )}
            </article>
          ))
        }
      </PagedList>
    </>
  );
}

export function TitanMapPage({ tenant, query }: { tenant: string; query: URLSearchParams }) {
  const state = query.get('findings') ?? 'open';
  return (
    <section>
      <h1 tabIndex={-1}>Titan Map</h1>
      <h2>Coverage</h2>
      <CoverageView tenant={tenant} />
      <h2>Drift findings</h2>
      <nav aria-label="Filter findings" class="tabs">
        {FINDING_STATES.map((s) => (
          <a
            key={s}
            href={href('/titan-map', { findings: s })}
            aria-current={state === s ? 'page' : undefined}
          >
            {s}
          </a>
        ))}
      </nav>
      <Findings tenant={tenant} state={state} />
    </section>
  );
}

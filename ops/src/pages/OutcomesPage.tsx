/**
 * @module
 * Outcome imports (docs/proof.md#importing-an-export): upload a ServiceTitan jobs or invoices CSV
 * export, see the batch it made (match quality counts, rejected rows and why, every row with its
 * lead), the past imports, and confirm or reject the probable matches — nothing probable counts
 * until an operator decides.
 */
import { useState } from 'preact/hooks';
import type { InferResponseType } from 'hono/client';
import { OUTCOME_IMPORT_KINDS, type OutcomeReviewBody } from '../../../shared/outcomes.ts';
import { api, read, withCsv, withJson, withQuery } from '../api.ts';
import { useResource } from '../resource.ts';
import { href, navigate } from '../router.ts';
import { ActionResult, Badge, Empty, Facts, Load, Text, Time, useAction } from '../ui.tsx';

const imports = api.outcomes[':tenant'].imports;
type BatchDetail = InferResponseType<(typeof imports)[':batchId']['$get']>;
type Batch = BatchDetail['batch'];
type Outcome = BatchDetail['outcomes'][number];

const matchCounts = (m: Batch['matches']) =>
  `${m.exact} exact · ${m.probable} probable · ${m.none} none`;

function UploadForm({ tenant }: { tenant: string }) {
  const upload = useAction();
  const [fileName, setFileName] = useState('');
  const submit = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const file = data.get('file') as File;
    const kind = data.get('kind') as string;
    const name = (data.get('fileName') as string) || file.name;
    void upload.run(async () => {
      const result = await read(
        imports.$post(withQuery({ param: { tenant } }, { kind, fileName: name }), withCsv(file)),
      );
      navigate('/outcomes', {
        batch: result.batch.id,
        unchanged: result.unchanged ? '1' : undefined,
      });
    }, 'Imported.');
  };
  return (
    <form class="filters" onSubmit={submit} aria-label="Import an export">
      <label>
        Export file (CSV)
        <input
          type="file"
          name="file"
          accept=".csv,text/csv"
          required
          onChange={(e) => setFileName((e.target as HTMLInputElement).files?.[0]?.name ?? '')}
        />
      </label>
      <label>
        Kind
        <select name="kind">
          {OUTCOME_IMPORT_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label>
        Name
        <input
          name="fileName"
          maxLength={200}
          value={fileName}
          onInput={(e) => setFileName((e.target as HTMLInputElement).value)}
        />
      </label>
      <button type="submit" disabled={upload.busy}>
        {upload.busy ? 'Importing…' : 'Import'}
      </button>
      <ActionResult action={upload} />
    </form>
  );
}

function ReviewButtons({
  tenant,
  batchId,
  outcome,
  onDone,
}: {
  tenant: string;
  batchId: string;
  outcome: Outcome;
  onDone: () => void;
}) {
  const review = useAction();
  const decide = (decision: OutcomeReviewBody['decisions'][number]['decision']) =>
    void review.run(
      () =>
        read(
          imports[':batchId'].review.$post(
            { param: { tenant, batchId } },
            withJson({ decisions: [{ recordId: outcome.recordId, decision }] }),
          ),
        ),
      decision === 'confirm' ? 'Match confirmed.' : 'Match rejected.',
      onDone,
    );
  return (
    <div class="actions">
      {(['confirm', 'reject'] as const).map((d) => (
        <button
          key={d}
          type="button"
          disabled={review.busy || outcome.review === (d === 'confirm' ? 'confirmed' : 'rejected')}
          aria-label={`${d === 'confirm' ? 'Confirm' : 'Reject'} the match of ${outcome.recordId}`}
          onClick={() => decide(d)}
        >
          {d === 'confirm' ? 'Confirm' : 'Reject'}
        </button>
      ))}
      <ActionResult action={review} />
    </div>
  );
}

function BatchView({ tenant, id, unchanged }: { tenant: string; id: string; unchanged: boolean }) {
  const detail = useResource(
    () => read(imports[':batchId'].$get({ param: { tenant, batchId: id } })),
    [tenant, id],
  );
  return (
    <Load resource={detail} what="the import">
      {({ batch, outcomes }) => (
        <section aria-labelledby="batch-heading">
          <h2 id="batch-heading">Import {batch.fileName}</h2>
          {unchanged && (
            <p role="status" class="notice">
              This file was imported before (same bytes): nothing changed, here is that import.
            </p>
          )}
          <Facts
            rows={[
              ['Kind', batch.kind],
              ['Matches', matchCounts(batch.matches)],
              [
                'Rows',
                `${batch.rowsRead} read, ${batch.rowsAccepted} accepted, ${batch.rowsRejected} rejected`,
              ],
              ['Ignored columns', <Text value={batch.ignoredColumns.join(', ')} />],
              [
                'Imported',
                <>
                  <Time iso={batch.createdAt} /> by {batch.createdBy}
                </>,
              ],
              ['Source label', <code>export:{batch.id}</code>],
            ]}
          />
          {batch.rejectedRows.length > 0 && (
            <table>
              <caption>Rejected rows ({batch.rowsRejected}): not imported</caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Reason</th>
                  <th scope="col">What is wrong</th>
                </tr>
              </thead>
              <tbody>
                {batch.rejectedRows.map((r) => (
                  <tr key={r.row}>
                    <td>{r.row}</td>
                    <td>
                      <code>{r.code}</code>
                    </td>
                    <td>{r.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <table>
            <caption>
              Rows and their matches (only exact and confirmed probable matches count)
            </caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">{batch.kind === 'jobs' ? 'Job' : 'Invoice'}</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">
                  Total
                </th>
                <th scope="col">Lead</th>
                <th scope="col">Quality</th>
                <th scope="col">Why</th>
                <th scope="col">Review</th>
              </tr>
            </thead>
            <tbody>
              {outcomes.map((o) => (
                <tr key={o.recordId}>
                  <td>{o.row}</td>
                  <td>{o.jobNumber ?? o.recordId}</td>
                  <td>{o.createdOn}</td>
                  <td>
                    <Text value={o.status} />
                  </td>
                  <td class="num">
                    <Text value={o.total} />
                  </td>
                  <td>
                    {o.leadId ? (
                      <a href={href(`/leads/${o.leadId}`)}>{o.leadId}</a>
                    ) : (
                      <Text value={null} />
                    )}
                  </td>
                  <td>
                    <Badge value={o.quality} />
                  </td>
                  <td>
                    <Text value={o.reason} />
                  </td>
                  <td>
                    {o.quality === 'probable' ? (
                      <>
                        <Badge value={o.review} />
                        <ReviewButtons
                          tenant={tenant}
                          batchId={batch.id}
                          outcome={o}
                          onDone={detail.reload}
                        />
                      </>
                    ) : (
                      <Text value={null} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </Load>
  );
}

function PastImports({ tenant, selected }: { tenant: string; selected: string | null }) {
  const list = useResource(() => read(imports.$get({ param: { tenant } })), [tenant, selected]);
  return (
    <Load resource={list} what="past imports">
      {({ imports }) =>
        imports.length === 0 ? (
          <Empty>
            No export imported yet. In ServiceTitan, export a jobs or invoices report as CSV and
            import it above.
          </Empty>
        ) : (
          <table>
            <caption>Past imports (newest first)</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Kind</th>
                <th scope="col">Matches</th>
                <th scope="col" class="num">
                  Rejected
                </th>
                <th scope="col">Imported</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((b) => (
                <tr key={b.id} aria-current={b.id === selected ? 'true' : undefined}>
                  <th scope="row">
                    <a href={href('/outcomes', { batch: b.id })}>{b.fileName}</a>
                  </th>
                  <td>{b.kind}</td>
                  <td>{matchCounts(b.matches)}</td>
                  <td class="num">{b.rowsRejected}</td>
                  <td>
                    <Time iso={b.createdAt} /> by {b.createdBy}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </Load>
  );
}

export function OutcomesPage({ tenant, query }: { tenant: string; query: URLSearchParams }) {
  const batch = query.get('batch');
  return (
    <section>
      <h1 tabIndex={-1}>Outcome imports</h1>
      <p class="small">
        A jobs or invoices export from ServiceTitan, matched row by row to leads: <em>exact</em>{' '}
        (our booking id, or a job a webhook linked) counts; <em>probable</em> (same phone or email,
        job within 14 days of the lead) waits for you to confirm or reject it; <em>none</em> counts
        nowhere. See <a href={href('/reports')}>Reports</a> for where each figure came from.
      </p>
      <UploadForm tenant={tenant} />
      {batch && <BatchView tenant={tenant} id={batch} unchanged={query.get('unchanged') === '1'} />}
      <PastImports tenant={tenant} selected={batch} />
    </section>
  );
}

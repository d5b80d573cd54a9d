/**
 * @module
 * The operator's actions on a sync job — resend, mark manually complete, fix the binding — used on
 * the sync job page and the lead page. Binding choices come from the tenant's published taxonomy.
 */
import { useState } from 'preact/hooks';
import { PRIORITIES } from '../../shared/config.ts';
import type { InferResponseType } from 'hono/client';
import { api, read, withJson } from './api.ts';
import { useResource } from './resource.ts';
import { ActionResult, useAction } from './ui.tsx';

export type SyncJob = InferResponseType<(typeof api)['sync-jobs'][':id']['$get']>['syncJob'];
const taxonomyOf = api['titan-map'].tenants[':tenant'].taxonomy.$get;
type TaxonomyItem = InferResponseType<typeof taxonomyOf>['items'][number];

const CLOSED = new Set(['sent', 'manual_complete']);

function TaxonomySelect({
  name,
  label,
  items,
  current,
}: {
  name: string;
  label: string;
  items: TaxonomyItem[];
  current: unknown;
}) {
  return (
    <label>
      {label}
      <select name={name}>
        <option value="">keep ({current == null ? 'none' : String(current)})</option>
        {items.map((item) => (
          <option key={item.id} value={item.id}>
            {item.name} ({item.id}){item.active ? '' : ' — inactive'}
          </option>
        ))}
      </select>
    </label>
  );
}

function BindingForm({ job, onDone }: { job: SyncJob; onDone: () => void }) {
  const action = useAction();
  const taxonomy = useResource(
    () => read(taxonomyOf({ param: { tenant: job.tenant } })).then((r) => r.items),
    [job.tenant],
  );
  const items = (kind: TaxonomyItem['kind']) =>
    (taxonomy.data ?? []).filter((i) => i.kind === kind);
  const binding = job.binding;
  const submit = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const body: Record<string, unknown> = {};
    for (const key of ['jobTypeId', 'businessUnitId', 'campaignId']) {
      const value = data.get(key) as string;
      if (value) body[key] = Number(value);
    }
    const priority = data.get('priority') as string;
    if (priority) body.priority = priority;
    const note = (data.get('note') as string).trim();
    if (note) body.note = note;
    void action.run(
      () => read(api['sync-jobs'][':id'].binding.$post({ param: { id: job.id } }, withJson(body))),
      'Binding corrected; the draft was rebuilt.',
      onDone,
    );
  };
  return (
    <form onSubmit={submit} class="stack" aria-label="Fix binding">
      <TaxonomySelect
        name="jobTypeId"
        label="Job type"
        items={items('job-type')}
        current={binding?.jobTypeId}
      />
      <TaxonomySelect
        name="businessUnitId"
        label="Business unit"
        items={items('business-unit')}
        current={binding?.businessUnitId}
      />
      <TaxonomySelect
        name="campaignId"
        label="Campaign"
        items={items('campaign')}
        current={binding?.campaignId}
      />
      <label>
        Priority
        <select name="priority">
          <option value="">keep ({String(binding?.priority ?? 'none')})</option>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label>
        Note (optional)
        <input name="note" maxLength={2000} />
      </label>
      <button type="submit" disabled={action.busy}>
        Save binding and rebuild draft
      </button>
      <ActionResult action={action} />
    </form>
  );
}

export function SyncJobActions({ job, onDone }: { job: SyncJob; onDone: () => void }) {
  const resend = useAction();
  const manual = useAction();
  const [note, setNote] = useState('');
  if (CLOSED.has(job.state)) {
    return <p class="muted">This job is {job.state.replace(/_/g, ' ')}: nothing is left to do.</p>;
  }
  return (
    <div class="actions">
      <div>
        <button
          type="button"
          disabled={resend.busy}
          onClick={() =>
            void resend.run(
              () => read(api['sync-jobs'][':id'].resend.$post({ param: { id: job.id } })),
              'Resent: the draft is being rebuilt.',
              onDone,
            )
          }
        >
          {resend.busy ? 'Resending…' : 'Resend'}
        </button>
        <ActionResult action={resend} />
      </div>
      <form
        class="stack"
        aria-label="Mark manually complete"
        onSubmit={(event) => {
          event.preventDefault();
          void manual.run(
            () =>
              read(
                api['sync-jobs'][':id']['manual-complete'].$post(
                  { param: { id: job.id } },
                  withJson({ note }),
                ),
              ),
            'Marked as done manually.',
            onDone,
          );
        }}
      >
        <label>
          What was done instead (required)
          <input
            required
            maxLength={2000}
            value={note}
            onInput={(e) => setNote((e.target as HTMLInputElement).value)}
            placeholder="Booked by phone as job 88123"
          />
        </label>
        <button type="submit" disabled={manual.busy}>
          Mark manual
        </button>
        <ActionResult action={manual} />
      </form>
      <details>
        <summary>Fix binding</summary>
        <BindingForm job={job} onDone={onDone} />
      </details>
    </div>
  );
}

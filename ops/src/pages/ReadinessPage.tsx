/**
 * @module
 * Connection readiness: the tenant's handoff mode and the gates that must all be satisfied, with
 * evidence, before a live ServiceTitan sender may be switched on. The global admin records evidence
 * for a gate here; anyone signed in for the tenant may reopen one (the API answers an operator's
 * "satisfied" with 403 admin_only, so the button is not offered).
 */
import { useState } from 'preact/hooks';
import type { InferResponseType } from 'hono/client';
import { api, read, withJson } from '../api.ts';
import { useResource } from '../resource.ts';
import { ActionResult, Badge, Facts, Load, Text, Time, useAction } from '../ui.tsx';

const connection = api.connections[':tenant'];
type Gate = InferResponseType<typeof connection.$get>['connection']['gates'][number];

function GateRow(props: { tenant: string; gate: Gate; admin: boolean; onDone: () => void }) {
  const { tenant, gate, admin, onDone } = props;
  const [note, setNote] = useState('');
  const action = useAction();
  const update = (event: Event) => {
    event.preventDefault();
    void action.run(
      () =>
        read(
          connection.gates[':gate'].$put(
            { param: { tenant, gate: gate.key } },
            withJson({ satisfied: !gate.satisfied, note }),
          ),
        ),
      gate.satisfied ? 'Gate reopened.' : 'Gate marked satisfied.',
      () => (setNote(''), onDone()),
    );
  };
  return (
    <li class="card">
      <h3>
        <Badge value={gate.satisfied ? 'satisfied' : 'open'} /> {gate.key.replace(/_/g, ' ')}
      </h3>
      <p>{gate.description}</p>
      {gate.note && (
        <p class="muted small">
          “{gate.note}” — {gate.by} <Time iso={gate.at} />
        </p>
      )}
      {!gate.satisfied && !admin ? (
        <p class="muted small">Only a PageToJob admin can mark this gate satisfied.</p>
      ) : (
        <form class="inline" onSubmit={update} aria-label={`Update gate ${gate.key}`}>
          <label>
            {gate.satisfied ? 'Why reopen' : 'Evidence (who approved, ticket, date)'}
            <input
              required
              maxLength={1000}
              value={note}
              onInput={(e) => setNote((e.target as HTMLInputElement).value)}
            />
          </label>
          <button type="submit" disabled={action.busy}>
            {gate.satisfied ? 'Reopen' : 'Mark satisfied'}
          </button>
        </form>
      )}
      <ActionResult action={action} />
    </li>
  );
}

export function ReadinessPage({ tenant, admin }: { tenant: string; admin: boolean }) {
  const readiness = useResource(
    () => read(connection.$get({ param: { tenant } })).then((r) => r.connection),
    [tenant],
  );
  return (
    <section>
      <h1 tabIndex={-1}>Connection readiness</h1>
      <Load resource={readiness} what="connection readiness">
        {(r) => (
          <>
            <Facts
              rows={[
                ['Mode', <Badge value={r.mode} />],
                ['Live sending', r.senderEnabled ? 'on' : 'off: drafts are dry-run payloads only'],
                [
                  'Live allowed',
                  r.liveAllowed
                    ? 'yes'
                    : `no — open gates: ${r.openGates.join(', ') || 'none, but no target set'}`,
                ],
                [
                  'ServiceTitan environment',
                  <Text value={r.environment ?? 'none configured (SERVICETITAN_ENVIRONMENT)'} />,
                ],
                ['ServiceTitan endpoint', <Text value={r.endpoint} />],
                [
                  'Last disconnect',
                  r.lastDisconnect ? (
                    `${r.lastDisconnect.reason} (${r.lastDisconnect.by})`
                  ) : (
                    <Text value={null} />
                  ),
                ],
              ]}
            />
            <h2>Gates</h2>
            <ul class="plain">
              {r.gates.map((gate) => (
                <GateRow
                  key={gate.key}
                  tenant={tenant}
                  gate={gate}
                  admin={admin}
                  onDone={readiness.reload}
                />
              ))}
            </ul>
          </>
        )}
      </Load>
    </section>
  );
}

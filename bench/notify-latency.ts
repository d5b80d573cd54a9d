/**
 * @module
 * Time from a lead's 202 to its first delivery at a local webhook receiver, beside the time to its
 * handoff draft, for the same leads in the same run under `wrangler dev`. Leads are posted one
 * after another (each its own visitor address), so each measures the pipeline, not a backlog: the
 * notify queue's batch wait, the consumer's reads and fan-out batch, signing and the POST.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoLead } from '../test/helpers/leads.ts';
import { listAll, postLeadTo, visitorIp } from '../test/resilience/http/lead-client.ts';
import type { DevServer } from '../test/servers/wrangler-dev.ts';

export interface Spread {
  p50Ms: number;
  p99Ms: number;
  samples: number;
}

export interface NotifyLatency {
  leads: number;
  delivered: number;
  firstDelivery: Spread;
  handoffDraft: Spread;
}

/** Nearest-rank percentile of `values` (ms). */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const spread = (values: number[]): Spread => ({
  p50Ms: percentile(values, 50),
  p99Ms: percentile(values, 99),
  samples: values.length,
});

/** A receiver that notes when each lead's first delivery arrived (Node's clock). */
async function startReceiver() {
  const arrivals = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = Date.now();
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          data?: { leadId?: string };
        };
        const leadId = body.data?.leadId;
        if (leadId && !arrivals.has(leadId)) arrivals.set(leadId, at);
      } catch {
        // not a delivery
      }
      res.writeHead(200).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, arrivals, close: () => new Promise((r) => server.close(r)) };
}

/**
 * Needs a server started with `NOTIFY_ALLOW_LOCAL_HTTP=true` (the receiver is on 127.0.0.1).
 */
export async function measureNotifyLatency(server: DevServer, leads = 200): Promise<NotifyLatency> {
  const receiver = await startReceiver();
  try {
    const created = await fetch(`${server.origin}/v1/admin/notifications/desert-peak/channels`, {
      method: 'POST',
      headers: { ...server.admin, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'webhook', url: receiver.url, format: 'standard' }),
    });
    if (created.status !== 201) throw new Error(`channel create answered ${created.status}`);
    const accepted = new Map<string, number>();
    for (let i = 0; i < leads; i += 1) {
      const answer = await postLeadTo(server.origin, demoLead(), visitorIp(200_000 + i));
      if (answer.status !== 202 || !answer.body.leadId) {
        throw new Error(`lead answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      }
      accepted.set(answer.body.leadId, Date.now());
    }
    const deadline = Date.now() + 120_000;
    while ([...accepted.keys()].some((id) => !receiver.arrivals.has(id)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const jobs = await listAll<{ leadId: string; draftedAt: string | null }>(
      server,
      '/v1/admin/sync-jobs',
      'syncJobs',
      { tenant: 'desert-peak' },
    );
    const drafted = new Map(jobs.map((job) => [job.leadId, job.draftedAt]));
    const notify: number[] = [];
    const draft: number[] = [];
    for (const [id, at] of accepted) {
      const arrived = receiver.arrivals.get(id);
      if (arrived !== undefined) notify.push(arrived - at);
      const draftedAt = drafted.get(id);
      if (draftedAt) draft.push(Date.parse(draftedAt) - at);
    }
    return {
      leads,
      delivered: notify.length,
      firstDelivery: spread(notify),
      handoffDraft: spread(draft),
    };
  } finally {
    await receiver.close();
  }
}

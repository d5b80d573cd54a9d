/**
 * A worker crash between acknowledgement and processing: `wrangler dev` is killed with SIGKILL
 * while leads are streaming in (202s answered, after-response work such as the handoff queue
 * message still pending, more requests in flight), then restarted on the same state directory.
 *
 * What this covers: every acknowledged lead is in D1 after the restart (the 202 comes after the
 * D1 batch commits) together with its handoff job row (what the cron resumes when the job's queue
 * message is lost), and requests cut off by the crash can be resubmitted (as the widget's outbox
 * does) and are stored exactly once. What it cannot cover locally: miniflare keeps queue
 * messages in memory, so messages pending at the crash (lead fallback, handoff) are lost with
 * the process; on Cloudflare they are durable. The fallback path's redelivery is covered inside
 * workerd instead (test/resilience/workers/lead-faults.test.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { demoLead } from '../../helpers/leads.ts';
import {
  inPool,
  listAll,
  listAllLeads,
  postLeadTo,
  visitorIp,
  type LeadAnswer,
} from './lead-client.ts';
import { startDevServer, type DevServer } from '../../servers/wrangler-dev.ts';

const LEADS = 400;
const KILL_AFTER_ACKS = 150;
const CLIENTS = 12;

const servers: DevServer[] = [];
// Both servers share one state directory and snapshot: stop both, then delete once.
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await servers[0]?.dispose();
});

async function post(origin: string, lead: unknown, ip: string): Promise<LeadAnswer | null> {
  try {
    return await postLeadTo(origin, lead, ip);
  } catch {
    return null; // the connection died with the server: no answer, so nothing was promised
  }
}

describe('worker killed between acknowledgement and processing', () => {
  it('keeps every acknowledged lead, and resubmissions of the cut-off ones are stored once', async () => {
    const first = await startDevServer();
    servers.push(first);
    const leads = Array.from({ length: LEADS }, () => demoLead());

    let acks = 0;
    let killed: Promise<void> | undefined;
    const answers = await inPool(leads, CLIENTS, async (lead, i) => {
      if (killed) return null;
      const answer = await post(first.origin, lead, visitorIp(i));
      if (answer?.status === 202 && (acks += 1) === KILL_AFTER_ACKS) {
        killed = first.stop('SIGKILL');
      }
      return answer;
    });
    await killed;

    const acknowledged = leads.filter((_, i) => answers[i]?.status === 202);
    // Cut off in flight by the crash, or not sent yet: the client has no answer for these.
    const unanswered = leads.flatMap((lead, i) => (answers[i] === null ? [{ lead, i }] : []));
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(unanswered.length).toBeGreaterThan(0);
    expect(answers.filter((a) => a !== null && a.status !== 202)).toEqual([]);

    const second = await startDevServer({ persistTo: first.persistTo, appDir: first.appDir });
    servers.push(second);
    const afterCrash = await listAllLeads(second);
    const storedIds = new Set(afterCrash.map((l) => l.id));
    const acknowledgedIds = answers.flatMap((a) =>
      a?.status === 202 && a.body.leadId ? [a.body.leadId] : [],
    );
    expect(acknowledgedIds).toHaveLength(acknowledged.length);
    expect(acknowledgedIds.filter((id) => !storedIds.has(id))).toEqual([]);
    // The handoff job row commits in the lead's batch, so processing survives a lost queue
    // message: the cron resumes `queued` jobs whose message never came.
    const jobs = await listAll<{ leadId: string }>(second, '/v1/admin/sync-jobs', 'syncJobs');
    const leadsWithJob = new Set(jobs.map((job) => job.leadId));
    expect(acknowledgedIds.filter((id) => !leadsWithJob.has(id))).toEqual([]);

    // The widget's outbox resends what got no answer; requests cut off after their D1 commit come
    // back as duplicates of the stored row.
    const resent = await inPool(unanswered, CLIENTS, ({ lead, i }) =>
      postLeadTo(second.origin, lead, visitorIp(i)),
    );
    expect(resent.map((a) => a.status)).toEqual(unanswered.map(() => 202));

    const finalRows = await listAllLeads(second);
    const submitted = new Set(
      [...acknowledged, ...unanswered.map((u) => u.lead)].map((l) => l.submissionId),
    );
    expect(finalRows).toHaveLength(submitted.size);
    expect(new Set(finalRows.map((l) => l.submissionId))).toEqual(submitted);
  }, 300_000);
});

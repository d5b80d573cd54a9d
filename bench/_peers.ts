import { startDevServer } from '../test/servers/wrangler-dev.ts';
import { createSigningSecret } from '../test/resilience/http/webhook-sender.ts';
import {
  leadRequests,
  measureRoute,
  noopRequest,
  durableWriteRequests,
  peerLeadRequests,
  peerWebhookRequests,
  webhookRequests,
} from './http-load.ts';
import { racePeer } from './peer-runs.ts';
import { processCpuMs, userWorkerPid } from './workerd-cpu.ts';
const HTTP = { connections: 10, durationS: 5, warmupS: 1 };
const server = await startDevServer({
  detachConsumers: ['pagetojob-handoff'],
  main: 'bench/worker/floor-entry.ts',
});
try {
  const { secret } = await createSigningSecret(server);
  const pid = userWorkerPid(server.appDir)!;
  console.log('pid', pid);
  const m = (r: any) => measureRoute(server.origin, r, HTTP, () => processCpuMs(pid));
  const show = (f: any) =>
    `${f.route} ${f.requestsPerSecond.toFixed(0)} rps p50 ${f.p50Ms} cpu ${f.cpuMsPerRequest?.toFixed(2)} fail ${f.failures}`;
  console.log(show(await m(noopRequest)));
  console.log(show(await m(durableWriteRequests())));
  for (const r of await racePeer(m, leadRequests, peerLeadRequests))
    console.log(show(r.ours), '|', show(r.peer));
  for (const r of await racePeer(m, () => webhookRequests(secret), peerWebhookRequests))
    console.log(show(r.ours), '|', show(r.peer));
} finally {
  await server.dispose();
}

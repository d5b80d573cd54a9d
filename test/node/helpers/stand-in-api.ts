/**
 * A stand-in for the admin API that records every request the CLIs send and answers with
 * `reply`, plus `runCli` to run a CLI script as a child process (with no token in the
 * environment, so each test says where its token comes from).
 */
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: Buffer;
}

export interface StandIn {
  base: string;
  seen: Seen[];
  /** What the next requests get: one reply for all, or one per request in order. */
  reply: { status: number; body: unknown } | { status: number; body: unknown }[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startStandIn(): Promise<StandIn> {
  const standIn: StandIn = {
    base: '',
    seen: [],
    reply: { status: 200, body: {} },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
  const server: Server = createServer(async (req, res) => {
    standIn.seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body: await readBody(req),
    });
    const reply = Array.isArray(standIn.reply)
      ? (standIn.reply[standIn.seen.length - 1] ?? { status: 500, body: {} })
      : standIn.reply;
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  standIn.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standIn;
}

export function runCli(
  script: string,
  args: string[],
  cwd = process.cwd(),
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [script, ...args],
      { cwd, env: { ...process.env, PAGETOJOB_ADMIN_TOKEN: '' } },
      (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

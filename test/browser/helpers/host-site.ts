/**
 * @module
 * A contractor's website on its own origin (another port on 127.0.0.1), so the widget runs
 * cross-origin exactly as on a real site. Pages are registered per test with their own headers
 * (e.g. a strict Content-Security-Policy).
 */
import { createServer, type Server } from 'node:http';

export interface HostSite {
  origin: string;
  /** Serves `html` at `path` with `headers`; returns the page's URL. */
  page(path: string, html: string, headers?: Record<string, string>): string;
  stop(): Promise<void>;
}

export async function startHostSite(): Promise<HostSite> {
  const pages = new Map<string, { html: string; headers: Record<string, string> }>();
  const server: Server = createServer((request, response) => {
    const page = pages.get(new URL(request.url ?? '/', 'http://host').pathname);
    if (!page) return void response.writeHead(404).end('not found');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...page.headers });
    response.end(page.html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    page(path, html, headers = {}) {
      pages.set(path, { html, headers });
      return `${origin}${path}`;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A minimal contractor page around `body` (markup only: no inline script or style). */
export function hostPage(body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Contractor</title>${head}</head><body>${body}</body></html>`;
}

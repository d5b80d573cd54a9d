/**
 * @module
 * widget.js entry. Installs the runtime once per page, replays calls queued on the stub
 * (`window.PageToJob = window.PageToJob || function () { (PageToJob.q = PageToJob.q || []).push(arguments) }`)
 * and embeds this script tag. A second copy of widget.js (the tag pasted twice, or a versioned and
 * a stable URL) hands its tag to the first runtime instead of starting another one.
 */
import { createRuntime, type PageToJobApi } from './runtime.ts';

type Host = { PageToJob?: Partial<PageToJobApi> & { q?: Iterable<unknown>[] } };

const page = window as unknown as Host;
// Read now: currentScript is only set while this script's top level runs.
const script = document.currentScript as HTMLScriptElement | null;

function start() {
  const existing = page.PageToJob;
  if (typeof existing?.embed === 'function') return existing.embed(script);
  const queued = Array.from(existing?.q ?? []);
  const api = createRuntime(script?.src || location.href);
  page.PageToJob = api;
  api.embed(script);
  for (const args of queued) api(...(args as [string, ...unknown[]]));
}

// An async tag can run before <body> exists; widgets need it.
if (document.body) start();
else document.addEventListener('DOMContentLoaded', start, { once: true });

/**
 * @module
 * The page-wide runtime behind `window.PageToJob`: one per page however many tags or widgets.
 * It owns the embeds (deduplicated, so a tag pasted twice mounts once), the modal per tenant, the
 * shared config cache (one config request per tenant), the outbox and its retry timer, the
 * source context, prefill (for forms created later and forms already open), events, and the
 * form's second file (the later steps' strings, i18n-rest.ts: one fetch per page and language,
 * from the origin and build of this widget.js). A MutationObserver keeps inline widgets in step
 * with single-page-app navigation: a removed host is unmounted, a re-added target gets a new one.
 */
import type { WidgetConfig } from '../../shared/config.ts';
import { parseWidgetConfig } from './config.ts';
import type { Prefill } from './draft.ts';
import { embedKey, parseEmbedOptions, type EmbedOptions } from './embed-options.ts';
import { createEmitter, type EventDetail } from './events.ts';
import { addMessages, type Locale } from './i18n.ts';
import { mountWidget, type Widget, type WidgetServices } from './mount.tsx';
import { createOutbox, type OutboxEntry, type Settled } from './outbox.ts';
import { recordVisit, sourceContext } from './source.ts';
import { localStore } from './storage.ts';
import { createSender } from './transport.ts';
import type { Kind } from './ui/App.tsx';

export type PageToJobApi = ((command: string, ...args: unknown[]) => unknown) & {
  /** Used by a second copy of widget.js on the same page to hand its tag to this runtime. */
  embed(script: HTMLScriptElement | null): void;
};

interface Embed {
  options: EmbedOptions;
  script: HTMLScriptElement | null;
  widget: Widget | null;
}

const tenantKey = (o: EmbedOptions) => `${o.api}|${o.tenant}`;

/** One request per key at a time; a failed one is forgotten, so the next call tries again. */
function once<K, T>(requests: Map<K, Promise<T>>, key: K, start: () => Promise<T>): Promise<T> {
  let request = requests.get(key);
  if (!request) {
    request = start();
    request.catch(() => requests.delete(key));
    requests.set(key, request);
  }
  return request;
}

/** `base`: this widget.js's own URL, against which its second file is found. */
export function createRuntime(base: string): PageToJobApi {
  const emitter = createEmitter();
  const storage = localStore();
  const outbox = createOutbox({ storage, send: createSender(fetch.bind(window)), now: Date.now });
  const touches = recordVisit(storage, location.href, document.referrer, new Date());
  const configs = new Map<string, Promise<WidgetConfig>>();
  const watchers = new Map<string, (outcome: Settled) => void>();
  const embeds = new Map<string, Embed>();
  const modals = new Map<string, Widget>();
  let primary: EmbedOptions | null = null;
  let prefill: Prefill = {};
  const prefillers = new Set<(prefill: Prefill) => void>();
  const rests = new Map<Locale, Promise<void>>();
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  async function flush(force = false) {
    clearTimeout(retryTimer);
    const delay = await outbox.flush(force, (entry: OutboxEntry, outcome: Settled) => {
      const { tenant, service } = JSON.parse(entry.body) as Record<string, string>;
      const detail = { tenant, service, submissionId: entry.id };
      const watcher = watchers.get(entry.id);
      // A form still showing "saved, not sent yet" takes the outcome and emits from its own host.
      if (watcher) return watcher(outcome);
      // Dropped: refused for good (`rejected`) or past its max age (`expired`).
      if (outcome.kind !== 'sent') return emitter.emit('error', { ...detail, code: outcome.kind });
      emitter.emit('lead_submitted', { ...detail, leadId: outcome.accepted.leadId });
    });
    if (delay < Infinity) retryTimer = setTimeout(flush, delay);
  }

  const services: WidgetServices = {
    emit: emitter.emit,
    // A failed load is not cached: "Try again" makes a new request.
    loadConfig: (o) =>
      once(configs, tenantKey(o), () =>
        fetch(`${o.api}/v1/tenants/${o.tenant}/config`, { credentials: 'omit' })
          .then((response) => (response.ok ? response.json() : null))
          .then((json) => parseWidgetConfig(json) ?? Promise.reject()),
      ),
    prefill: () => prefill,
    onPrefill(listener) {
      prefillers.add(listener);
      return () => prefillers.delete(listener);
    },
    rest: (locale) =>
      once(rests, locale, () =>
        fetch(new URL(`widget.rest.${locale}.${__PTJ_REST__}.json`, base))
          .then((response) => response.json())
          .then((messages: string) => addMessages(locale, messages)),
      ),
    source: (campaign) => sourceContext(touches, prefill.campaign ?? campaign),
    async submit(api, id, body) {
      const entry = { id, url: `${api}/v1/leads`, body, at: Date.now() };
      outbox.add(entry);
      const outcome = await outbox.deliver(entry);
      if (outcome.kind === 'retry') void flush();
      return outcome;
    },
    watch(id, listener) {
      watchers.set(id, listener);
      return () => watchers.delete(id);
    },
  };

  const mount = (options: EmbedOptions, kind: Kind, place: (host: HTMLElement) => void) =>
    mountWidget(services, options, kind, place);

  function mountEmbed(embed: Embed) {
    const { options, script } = embed;
    if (options.mode !== 'inline') {
      // The button carries its own dialog and becomes the tenant's modal; `modal` mode only
      // prefetches the config so the first trigger opens instantly.
      if (options.mode === 'button') {
        embed.widget = mount(options, 'button', (host) => document.body.append(host));
        if (!modals.has(tenantKey(options))) modals.set(tenantKey(options), embed.widget);
      } else void services.loadConfig(options).catch(() => {});
      return;
    }
    let target: Element | null = null;
    try {
      target = options.target ? document.querySelector(options.target) : null;
    } catch {
      console.error('PageToJob: data-target', options.target);
    }
    if (target) embed.widget = mount(options, 'inline', (host) => target.append(host));
    else if (!options.target && script?.isConnected) {
      const inHead = script.parentNode === document.head;
      embed.widget = mount(options, 'inline', (host) =>
        inHead ? document.body.append(host) : script.after(host),
      );
    }
  }

  function embed(script: HTMLScriptElement | null) {
    if (!script) return;
    const options = parseEmbedOptions((name) => script.getAttribute(name), script.src);
    if (!options) return console.error('PageToJob: data-tenant', script);
    primary ??= options;
    const key = embedKey(options);
    const entry = embeds.get(key) ?? { options, script, widget: null };
    entry.script = script;
    embeds.set(key, entry);
    if (!entry.widget) mountEmbed(entry);
  }

  /** Unmounts widgets whose host left the document; mounts inline widgets whose target arrived. */
  function sync() {
    for (const entry of embeds.values()) {
      if (entry.widget && !entry.widget.host.isConnected) {
        entry.widget.unmount();
        entry.widget = null;
      }
      if (!entry.widget && entry.options.target) mountEmbed(entry);
    }
    for (const [key, modal] of modals) {
      if (!modal.host.isConnected) {
        modal.unmount();
        modals.delete(key);
      }
    }
  }

  /** Opens the first tag's tenant's modal; focus returns to `opener` (else the focused element). */
  function open(service?: unknown, opener?: Element) {
    if (!primary) return;
    const key = tenantKey(primary);
    const modal = modals.get(key) ?? mount(primary, 'modal', (host) => document.body.append(host));
    modals.set(key, modal);
    modal.app.current?.open((typeof service === 'string' && service) || undefined, opener);
  }

  const api = ((command: string, ...args: unknown[]) => {
    switch (command) {
      case 'open':
        return open(args[0]);
      case 'close':
        return modals.forEach((modal) => modal.app.current?.close());
      case 'prefill':
        if (args[0] && typeof args[0] === 'object') {
          prefill = { ...prefill, ...(args[0] as Prefill) };
          // Open forms take this call's values into the fields still empty.
          prefillers.forEach((listener) => listener(args[0] as Prefill));
        }
        return;
      case 'on':
        return typeof args[1] === 'function'
          ? emitter.on(String(args[0]), args[1] as (detail: EventDetail) => void)
          : undefined;
      default:
        console.error('PageToJob: command', command);
    }
  }) as PageToJobApi;
  api.embed = embed;

  // Page-wide wiring, installed once however many widgets there are.
  document.addEventListener('click', (event) => {
    const trigger = (event.target as Element | null)?.closest?.('[data-pagetojob-open]');
    if (!trigger) return;
    event.preventDefault();
    open(trigger.getAttribute('data-pagetojob-open'), trigger);
  });
  new MutationObserver(sync).observe(document.documentElement, { childList: true, subtree: true });
  addEventListener('online', () => void flush(true));
  addEventListener('pagehide', () =>
    outbox.beaconAll((url, body) => navigator.sendBeacon?.(url, body)),
  );
  void flush(true);
  return api;
}

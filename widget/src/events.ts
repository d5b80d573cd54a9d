/**
 * @module
 * Events for the host page: `on(event, cb)` listeners, a `pagetojob:<event>` CustomEvent on the
 * widget's host element (bubbles to the document), and `generate_lead` on `window.dataLayer` for a
 * submitted lead. Details never carry personal data: ids, tenant, service, step only.
 */
export type EventName = 'open' | 'close' | 'step' | 'lead_submitted' | 'lead_queued' | 'error';
export type EventDetail = Record<string, string | number | boolean | null | undefined>;
type Listener = (detail: EventDetail) => void;

export function createEmitter() {
  const listeners = new Map<string, Set<Listener>>();
  return {
    on(name: string, listener: Listener): () => void {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set.add(listener));
      return () => set.delete(listener);
    },
    emit(name: EventName, detail: EventDetail, target: EventTarget = document) {
      // Called from a task of their own: a host listener that throws is reported in the console
      // as usual, and cannot break the form.
      for (const listener of listeners.get(name) ?? []) setTimeout(listener, 0, detail);
      target.dispatchEvent(new CustomEvent(`pagetojob:${name}`, { detail, bubbles: true }));
      const dataLayer = (window as { dataLayer?: { push?: (e: object) => void } }).dataLayer;
      if (name === 'lead_submitted' && typeof dataLayer?.push === 'function') {
        dataLayer.push({
          event: 'generate_lead',
          lead_id: detail.leadId,
          tenant: detail.tenant,
          service: detail.service,
        });
      }
    },
  };
}

export type Emitter = ReturnType<typeof createEmitter>;

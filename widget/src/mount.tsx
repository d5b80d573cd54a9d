/**
 * @module
 * Mounting one widget: a `<pagetojob-widget>` host element (a custom element name, so the host
 * page's generic selectors rarely match it), an open shadow root with the adopted styles, and the
 * Preact tree. `unmount` renders null first, so every cleanup runs and nothing leaks.
 */
import { createRef, h, render } from 'preact';
import type { EmbedOptions } from './embed-options.ts';
import type { EventDetail, EventName } from './events.ts';
import { adoptStyles } from './styles.ts';
import { App, type AppServices, type Kind } from './ui/App.tsx';

export interface WidgetServices extends AppServices {
  emit(name: EventName, detail: EventDetail, target: EventTarget): void;
}

export interface Widget {
  host: HTMLElement;
  app: { current: App | null };
  unmount(): void;
}

export function mountWidget(
  services: WidgetServices,
  options: EmbedOptions,
  kind: Kind,
  place: (host: HTMLElement) => void,
): Widget {
  const host = document.createElement('pagetojob-widget');
  host.setAttribute('mode', kind);
  place(host);
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root);
  // Preact gets its own container: it would treat a fallback <style> in the root as stale.
  const container = root.appendChild(document.createElement('div'));
  container.className = 'r';
  const app = createRef<App>();
  const emit = (name: EventName, detail?: EventDetail) =>
    services.emit(name, { tenant: options.tenant, ...detail }, host);
  render(
    <App ref={app} services={services} options={options} kind={kind} root={root} emit={emit} />,
    container,
  );
  return {
    host,
    app,
    unmount() {
      render(null, container);
      host.remove();
    },
  };
}

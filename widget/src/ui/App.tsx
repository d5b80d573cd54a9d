/**
 * @module
 * One widget's UI inside its shadow root: loads the tenant config (shared per tenant), applies
 * the tenant theme, and renders the form inline, or in a modal <dialog> (with a floating button
 * in `button` mode). The native modal dialog gives the focus trap, the inert page behind it and
 * Escape-to-close (never prevented, so Escape closes it every time; its `close` event updates our
 * state); it lives in the top layer, so no host z-index can cover it.
 */
import { Component, createRef, Fragment, h } from 'preact';
import type { WidgetConfig } from '../../../shared/config.ts';
import { themeCss } from '../config.ts';
import type { EmbedOptions } from '../embed-options.ts';
import type { EventDetail, EventName } from '../events.ts';
import { pickLocale, translator } from '../i18n.ts';
import { adoptStyles } from '../styles.ts';
import { textOf } from './format.ts';
import { Form, type FormServices } from './Form.tsx';

export type Kind = 'inline' | 'button' | 'modal';

export interface AppServices extends FormServices {
  loadConfig(options: EmbedOptions): Promise<WidgetConfig>;
}

export interface AppProps {
  services: AppServices;
  options: EmbedOptions;
  kind: Kind;
  root: ShadowRoot;
  emit: (name: EventName, detail?: EventDetail) => void;
}

interface AppState {
  config?: WidgetConfig;
  failed?: boolean;
  open?: boolean;
  /** The modal form is created on first open: its elapsed time starts when the visitor sees it. */
  opened?: boolean;
  /** A new session starts a fresh form (after a finished request, or for another service). */
  session: number;
  service?: string | undefined;
}

export class App extends Component<AppProps, AppState> {
  override state: AppState = { session: 0 };
  #dialog = createRef<HTMLDialogElement>();
  #opener: Element | null = null;
  #finished = false;

  override componentDidMount() {
    this.#load();
  }

  /** Error boundary: a config the form cannot render (or any render error) is "could not load". */
  override componentDidCatch() {
    this.setState({ config: undefined, failed: true });
    this.props.emit('error', { code: 'render_failed' });
  }

  /**
   * Keeps the native dialog in step with `open`, and puts focus on its heading when it opens or
   * when the form replaces the "Loading…" placeholder that had the focus.
   */
  override componentDidUpdate(_: AppProps, previous: AppState) {
    const dialog = this.#dialog.current;
    if (!dialog) return;
    if (!this.state.open) return dialog.open && dialog.close();
    const opening = !dialog.open;
    if (opening) dialog.showModal();
    if (opening || !previous.config) dialog.querySelector<HTMLElement>('h2,[role=status]')?.focus();
  }

  #load = () => {
    const { services, options, root, emit } = this.props;
    this.setState({ failed: false });
    services.loadConfig(options).then(
      (config) => {
        adoptStyles(root, themeCss(config.branding));
        this.setState({ config });
      },
      () => {
        this.setState({ failed: true });
        emit('error', { code: 'config_unavailable' });
      },
    );
  };

  open(service?: string, opener?: Element | null) {
    const { state } = this;
    const fresh = this.#finished || (service && service !== state.service);
    if (fresh) this.#finished = false;
    this.#opener = opener ?? document.activeElement;
    if (!state.open) this.props.emit('open', { service: service ?? state.service ?? null });
    this.setState({
      open: true,
      opened: true,
      session: state.session + (fresh ? 1 : 0),
      service: fresh ? service : state.service,
    });
  }

  close = () => {
    if (!this.state.open) return;
    this.setState({ open: false });
    this.props.emit('close');
    // Back to where the visitor was (the native dialog does this too, but not for every opener).
    if (this.#opener instanceof HTMLElement && this.#opener.isConnected) this.#opener.focus();
  };

  render() {
    const { options, kind, services, emit } = this.props;
    const { config, failed, opened, session, service } = this.state;
    const locale = pickLocale(
      [options.locale, document.documentElement.lang, ...navigator.languages],
      config?.locales ?? ['en', 'es'],
    );
    const t = translator(locale);
    const modal = kind !== 'inline';
    const body = config?.closed ? (
      // Paused or archived: the tenant's text with its office phone instead of the form (the
      // edge still stores a lead that arrives, flagged).
      <div role="status" tabIndex={-1}>
        <h2 id="ptj-h">{config.name}</h2>
        <p>{textOf(config.closed, locale)}</p>
      </div>
    ) : config ? (
      <Form
        key={session}
        config={config}
        locale={locale}
        t={t}
        services={services}
        api={options.api}
        campaign={options.campaign}
        initialService={service}
        emit={emit}
        onClose={modal ? this.close : undefined}
        onDone={() => (this.#finished = true)}
      />
    ) : (
      <div role="status" tabIndex={-1}>
        <p>{t(failed ? 'loadError' : 'loading')}</p>
        {failed && (
          <button type="button" class="b b2" onClick={this.#load}>
            {t('retry')}
          </button>
        )}
      </div>
    );
    if (!modal) {
      return (
        <section class="w" aria-labelledby="ptj-h">
          {body}
        </section>
      );
    }
    return (
      <>
        {kind === 'button' && (
          <button
            type="button"
            class="b fab"
            onClick={(e) => this.open(undefined, e.currentTarget)}
          >
            {(locale === 'en' && config?.branding.buttonLabel) || t('book')}
          </button>
        )}
        <dialog
          ref={this.#dialog}
          aria-labelledby="ptj-h"
          // The browser closed it (Escape). The event comes in a later task: if the visitor has
          // reopened the dialog in between, it is stale and must not close the new one.
          onClose={() => !this.#dialog.current?.open && this.close()}
        >
          <button type="button" class="b x" aria-label={t('close')} onClick={this.close}>
            ×
          </button>
          {opened && body}
        </dialog>
      </>
    );
  }
}

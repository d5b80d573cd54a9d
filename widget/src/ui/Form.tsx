/**
 * @module
 * The booking form: service → when → contact and address → review → confirmation. This component
 * holds what the steps share (the draft, the errors, the focus/announcement logic, sending); each
 * step is a component of its own in steps/ that renders from the StepContext it is handed.
 * The strings of the later steps come in the form's second file, in the visitor's language
 * (i18n-rest.ts), which the runtime fetches after this form's first frame: the first step needs
 * only widget.js and the config (docs/widget.md, "Caching, build and size").
 * A class component with classic `h`: preact/hooks and the automatic JSX runtime would cost
 * ~1.2 KB gzip of the 14 KB budget.
 * Accessibility: fieldset/legend for every group, an aria-live region for step and error
 * announcements, focus moved to the step heading (or the first invalid field) on every step the
 * visitor takes, never on load.
 */
import { Component, createRef, Fragment, h } from 'preact';
import type { WidgetConfig } from '../../../shared/config.ts';
import type { SourceContext } from '../../../shared/lead.ts';
import { applyPrefill, emptyDraft, type Draft, type Prefill } from '../draft.ts';
import type { EventDetail, EventName } from '../events.ts';
import type { Locale, MessageKey, Translate } from '../i18n.ts';
import type { Settled } from '../outbox.ts';
import type { SendOutcome } from '../transport.ts';
import { bookableDates } from '../schedule.ts';
import { looksLikePhone, normalizeEmail } from '../../../shared/contact.ts';
import { buildSubmission, newSubmissionId } from '../submission.ts';
import { fieldOfIssue, stepOf, validateStep, type Errors, type Field } from '../validate.ts';
import { telHref } from './format.ts';
import { ContactStep } from './steps/ContactStep.tsx';
import { ReviewStep } from './steps/ReviewStep.tsx';
import { ServiceStep } from './steps/ServiceStep.tsx';
import { WhenStep } from './steps/WhenStep.tsx';

/** What the form needs from the runtime (outbox, source context, prefill, its second file). */
export interface FormServices {
  /** The prefill so far: a form applies it when it is created (modal forms on first open). */
  prefill(): Prefill;
  /** Calls `listener` with each later `prefill` call's values; returns the unsubscribe. */
  onPrefill(listener: (prefill: Prefill) => void): () => void;
  /** Loads the form's second file in `locale` (once per page; a failed load is tried again). */
  rest(locale: Locale): Promise<void>;
  source(campaign: string | null): SourceContext;
  submit(api: string, submissionId: string, body: string): Promise<SendOutcome>;
  /** Called when a queued submission later leaves the outbox (delivered or dropped); returns the unsubscribe. */
  watch(submissionId: string, listener: (outcome: Settled) => void): () => void;
}

export interface FormProps {
  config: WidgetConfig;
  locale: Locale;
  t: Translate;
  services: FormServices;
  api: string;
  campaign: string | null;
  initialService?: string | undefined;
  emit: (name: EventName, detail: EventDetail) => void;
  /** Modal only: a close button on the confirmation. */
  onClose?: (() => void) | undefined;
  onDone?: (() => void) | undefined;
}

interface FormState {
  draft: Draft;
  step: number;
  errors: Errors;
  live?: string;
  sending?: boolean;
  /**
   * What went wrong, shown until the next Next or Send (its load of the second file clears it):
   * `loadError` (the second file could not be loaded; Next tries again), or `e_send` (the request
   * was refused for good with no field to fix, or the outbox dropped it).
   */
  alert?: 'loadError' | 'e_send' | '';
  /** Set once submitted: queued = saved in the outbox, not yet acknowledged by the server. */
  result?: { queued: boolean };
}

const STEP_NAMES = 'service when contact review done'.split(' ');
/** One component per step (steps/): each renders from the StepContext the form hands it. */
const STEPS = [ServiceStep, WhenStep, ContactStep, ReviewStep];
const DONE = 4;

export class Form extends Component<FormProps, FormState> {
  /** The second file is loaded: the later steps render only with their strings. */
  #ready = false;
  #dates = bookableDates(this.props.config, new Date());
  /**
   * One id per visitor request: a resend after a refusal, a double click and the unfinished
   * beacon before it are the same lead.
   */
  #submissionId = newSubmissionId();
  #form = createRef<HTMLFormElement>();
  #focusPending = false;
  #sending = false;
  /** The form token (issue 16): asked for on the first input, so a page that is only viewed pays nothing. */
  #token?: Promise<void>;
  #formToken?: string;
  #cleanups: (() => void)[] = [];
  /**
   * Unfinished capture (issue 16): the idle timer, set by typing on the contact step while the
   * tenant's disclosure is on it; -1 once sent, submitted or removed (nothing more is captured).
   */
  #idle = 0;

  constructor(props: FormProps) {
    super(props);
    const { config, initialService, services } = props;
    const draft = applyPrefill(emptyDraft(), services.prefill());
    const service = initialService ?? draft.service;
    draft.service = config.services.some((s) => s.key === service) ? service : '';
    // Opened from a service's own button: that choice is made, start at "when".
    this.state = {
      draft,
      step: draft.service && initialService ? 1 : 0,
      errors: {},
    };
  }

  override componentDidMount() {
    const { services } = this.props;
    // After the first frame: the second file never delays the first step's paint.
    requestAnimationFrame(this.#load);
    addEventListener('visibilitychange', this.#recheck);
    addEventListener('pagehide', this.#leave);
    this.#cleanups.push(
      this.#stop,
      () => removeEventListener('visibilitychange', this.#recheck),
      // A prefill call while the form is open fills the fields still empty.
      services.onPrefill((prefill) =>
        this.setState((s) => ({ draft: applyPrefill(s.draft, prefill) })),
      ),
    );
  }

  override componentDidUpdate() {
    const form = this.#form.current;
    if (this.#focusPending && form) {
      this.#focusPending = false;
      (form.querySelector<HTMLElement>('[aria-invalid]') ?? form.querySelector('h2'))?.focus();
    }
  }

  override componentWillUnmount() {
    this.#cleanups.forEach((cleanup) => cleanup());
  }

  // An arrow, so that it can be requestAnimationFrame's callback and Try again's handler as is.
  #load = async (): Promise<boolean> => {
    try {
      await this.props.services.rest(this.props.locale);
      // The step's heading replaces the "Loading…" that had the focus.
      this.#focusPending ||= !this.#ready && this.state.step > 0;
      this.#ready = true;
      this.setState({ alert: '' });
    } catch {
      this.setState({ alert: 'loadError' });
    }
    return this.#ready;
  };

  /**
   * The day list as of now. A form can stay open for hours (inline forms live until reload, modal
   * forms keep their session), and a tab left open overnight must not offer yesterday: the list is
   * made and redrawn when a step is shown, when the page is hidden or visible again and before
   * sending, where a day or window that has passed sends the visitor back to pick another.
   */
  #recheck = () => {
    this.#dates = bookableDates(this.props.config, new Date());
    this.forceUpdate();
  };

  /**
   * On the visitor's first input: a form token (`POST …/form-token`). A failed or unanswered
   * request never holds the lead back: it goes without one, and the edge flags it `no_form_token`.
   */
  #onInput = () => {
    this.#token ??= fetch(`${this.props.api}/v1/tenants/${this.props.config.tenant}/form-token`, {
      method: 'POST',
    })
      .then((response) => response.json())
      .then(
        (json: { token?: string }) => {
          this.#formToken = json.token;
        },
        () => {},
      );
    // Only where the disclosure is on screen (it comes only when the tenant captures), 5 minutes.
    if (this.#idle >= 0 && this.props.config.unfinishedDisclosure && this.state.step == 2) {
      clearTimeout(this.#idle);
      this.#idle = setTimeout(this.#leave, 3e5) as unknown as number;
    }
  };

  /** Leaving (pagehide) or idle: what was typed, once, if it has a phone or email to call back. */
  #leave = () => {
    const draft = this.state.draft;
    if (this.#idle > 0 && (looksLikePhone(draft.phone) || normalizeEmail(draft.email))) {
      navigator.sendBeacon(`${this.props.api}/v1/leads/unfinished`, this.#body());
      this.#stop();
    }
  };

  #stop = () => {
    clearTimeout(this.#idle);
    this.#idle = -1;
    removeEventListener('pagehide', this.#leave);
  };

  /** The lead body as typed so far; the beacon and the submission share its `submissionId`. */
  #body() {
    const p = this.props;
    return JSON.stringify(
      buildSubmission({
        submissionId: this.#submissionId,
        draft: this.state.draft,
        config: p.config,
        locale: p.locale,
        source: p.services.source(p.campaign),
        now: new Date(),
        formToken: this.#formToken,
      }),
    );
  }

  /** Event detail: ids and choices only, never personal data. */
  #detail(extra?: EventDetail): EventDetail {
    return { submissionId: this.#submissionId, service: this.state.draft.service, ...extra };
  }

  #goTo(step: number, errors: Errors = {}) {
    const { t, emit } = this.props;
    this.#recheck();
    this.#focusPending = true;
    // The confirmation's announcement is set by #settle, after this.
    const live = `${t('stepOf', { n: step + 1, total: DONE })}: ${t(`h${step}` as MessageKey)}`;
    this.setState({ step, errors, live: Object.keys(errors).length ? t('fix') : live });
    emit('step', { step: STEP_NAMES[step] });
  }

  #set(patch: Partial<Draft>) {
    this.setState((s) => {
      const errors = { ...s.errors };
      for (const key in patch) delete errors[key as Field];
      return { draft: { ...s.draft, ...patch }, errors };
    });
  }

  #onSubmit = async (event: Event) => {
    event.preventDefault();
    const { step, draft } = this.state;
    if (!(await this.#load())) return;
    if (step > 2) return void this.#submit();
    const errors = validateStep(step, draft, this.props.config, this.#dates);
    if (!Object.keys(errors).length) return this.#goTo(step + 1);
    this.#focusPending = true;
    this.setState({ errors, live: this.props.t('fix') });
  };

  async #submit() {
    const p = this.props;
    const { draft } = this.state;
    // The instance flag, not state: a double click arrives before the re-render.
    if (this.#sending) return;
    this.#recheck();
    const late = validateStep(1, draft, p.config, this.#dates);
    if (Object.keys(late).length) return this.#goTo(1, late);
    this.#sending = true;
    this.#stop();
    this.setState({ sending: true });
    const outcome = await p.services.submit(p.api, this.#submissionId, this.#body());
    this.#sending = false;
    this.setState({ sending: false });
    this.#settle(outcome);
  }

  /** A send's outcome: now, or for a queued one when the outbox later delivers or drops it. */
  #settle = (outcome: SendOutcome | Settled) => {
    const p = this.props;
    if (outcome.kind === 'sent' || outcome.kind === 'retry') {
      const queued = outcome.kind === 'retry';
      p.emit(queued ? 'lead_queued' : 'lead_submitted', this.#detail(outcome.accepted));
      if (queued) this.#cleanups.push(p.services.watch(this.#submissionId, this.#settle));
      // A queued request delivered later: the confirmation turns, no new step.
      if (this.state.step < DONE) {
        this.#goTo(DONE);
        p.onDone?.();
      }
      return this.setState({ result: { queued }, live: p.t(queued ? 'queuedTitle' : 'doneTitle') });
    }
    // Refused for good or dropped: the edge's field issues on the fields and the earliest step
    // that has one; without any, the review with a general error.
    const errors: Errors = {};
    for (const issue of outcome.kind === 'rejected' ? outcome.issues : []) {
      const field = fieldOfIssue(issue.path, this.state.draft);
      const key = `e_${field}`;
      if (field) errors[field] ??= (p.t(key as MessageKey) ? key : 'fix') as MessageKey;
    }
    p.emit('error', this.#detail({ code: outcome.kind }));
    const fields = Object.keys(errors) as Field[];
    this.#goTo(Math.min(3, ...fields.map(stepOf)), errors);
    if (!fields.length) this.setState({ alert: 'e_send' });
  };

  render() {
    const { config, locale, t, onClose } = this.props;
    const { draft, step, live, sending, result, alert } = this.state;
    const heading = (key: MessageKey) => (
      <h2 id="ptj-h" tabIndex={-1}>
        {t(key)}
      </h2>
    );
    const emergency = draft.urgency === 'emergency' && (
      <a class="b call" href={telHref(config.emergencyPhone)}>
        {t('callNow', { phone: config.emergencyPhone })}
      </a>
    );
    return (
      <form ref={this.#form} noValidate onSubmit={this.#onSubmit} onInput={this.#onInput}>
        <p class="sr" aria-live="polite">
          {live}
        </p>
        {result && step === DONE ? (
          <>
            {heading(result.queued ? 'queuedTitle' : 'doneTitle')}
            <p>{result.queued ? t('queuedBody') : t('doneBody', { name: config.name })}</p>
            {emergency}
            {onClose && (
              <button type="button" class="b b2" onClick={onClose}>
                {t('close')}
              </button>
            )}
          </>
        ) : step && !this.#ready ? (
          // Opened at a later step before its strings are here; the button tries again.
          <div role="status" tabIndex={-1}>
            <p>{t(alert || 'loading')}</p>
            {alert && (
              <button type="button" class="b b2" onClick={this.#load}>
                {t('retry')}
              </button>
            )}
          </div>
        ) : (
          <>
            <p class="m">{t('stepOf', { n: step + 1, total: DONE })}</p>
            {heading(`h${step}` as MessageKey)}
            {h(STEPS[step]!, {
              config,
              locale,
              t,
              draft,
              errors: this.state.errors,
              dates: this.#dates,
              emergency,
              set: (patch) => this.#set(patch),
              goTo: (target) => this.#goTo(target),
            })}
            {alert && (
              <p class="err" role="alert">
                {t(alert)}
              </p>
            )}
            <div class="nav">
              {step > 0 ? (
                <button type="button" class="b b2" onClick={() => this.#goTo(step - 1)}>
                  {t('back')}
                </button>
              ) : (
                <span />
              )}
              <button class="b" aria-disabled={sending}>
                {t(step < 3 ? 'next' : 'send')}
              </button>
            </div>
          </>
        )}
        {/* Honeypot: off-screen, aria-hidden and out of the tab order; people never fill it. */}
        <label class="sr" aria-hidden="true">
          <input
            name="website"
            tabIndex={-1}
            autocomplete="off"
            value={draft.hp}
            onInput={(e) => this.#set({ hp: e.currentTarget.value })}
          />
        </label>
      </form>
    );
  }
}

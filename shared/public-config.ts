/**
 * @module
 * The public widget config from a tenant's published settings: the one producer behind
 * `GET /v1/tenants/:tenant/config` and the console's live preview. It fills in what the widget
 * would otherwise carry in widget.js (docs/decisions/0069-widget-text-in-the-config.md): the
 * bookable slots as of the response (shared/slots.ts), the out-of-area message when the tenant
 * wrote none, and for a paused or archived tenant the text
 * shown instead of the form; `{phone}` in either becomes the office phone (the emergency phone when
 * unset). The widget renders these texts as they come.
 */
import type {
  ServedService,
  StoredWidgetConfig,
  TenantStatus,
  TimeWindowConfig,
  WidgetConfig,
} from './config.ts';
import { offeredSlots } from './slots.ts';

/** The widget's message for a ZIP outside the service area, unless the tenant wrote its own. */
export const DEFAULT_OUT_OF_AREA = {
  text: 'Outside our usual area; you can still send this. Questions? Call {phone}.',
  textEs: 'Fuera de nuestra zona habitual; aún puede enviarla. ¿Preguntas? Llame al {phone}.',
};

/** What a paused or archived tenant's widget says instead of the form. */
export const CLOSED_TEXT: Record<
  Exclude<TenantStatus, 'active'>,
  { text: string; textEs: string }
> = {
  paused: {
    text: 'We are not taking online requests right now. Please call {phone}.',
    textEs: 'Por ahora no recibimos solicitudes en línea. Llame al {phone}.',
  },
  archived: {
    text: 'Online booking is no longer available. Please call {phone}.',
    textEs: 'La reserva en línea ya no está disponible. Llame al {phone}.',
  },
};

export interface ConfigIdentity {
  tenant: string;
  name: string;
  timezone: string;
  mapVersion: string | null;
  status: TenantStatus;
}

type Text = { text: string; textEs?: string | undefined };

/** `text` with `{phone}` filled in, in both languages. */
function withPhone({ text, textEs }: Text, phone: string): Text {
  const fill = (value: string) => value.replaceAll('{phone}', phone);
  return { text: fill(text), ...(textEs !== undefined && { textEs: fill(textEs) }) };
}

export function publicConfig(
  identity: ConfigIdentity,
  settings: Omit<StoredWidgetConfig, 'testContacts'> & { testContacts?: unknown },
  services: ServedService[],
  now: Date,
  fullWindows: { date: string; window: TimeWindowConfig['key'] }[] = [],
): WidgetConfig {
  const { testContacts: _private, services: _raw, ...published } = settings;
  const officePhone = published.officePhone ?? published.emergencyPhone;
  return {
    ...identity,
    ...published,
    services,
    outOfArea: withPhone(published.outOfArea ?? DEFAULT_OUT_OF_AREA, officePhone),
    officePhone,
    ...(identity.status !== 'active' && {
      closed: withPhone(CLOSED_TEXT[identity.status], officePhone),
    }),
    slots: offeredSlots({ ...published, timezone: identity.timezone, fullWindows }, now),
  };
}

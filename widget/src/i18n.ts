/**
 * @module
 * English and Spanish strings and the locale choice: `data-locale`, then `<html lang>`, then the
 * browser's languages, limited to what the tenant offers. Both dictionaries ship in widget.js
 * (about 1 KB gzip) so switching needs no extra request.
 */
export type Locale = 'en' | 'es';

const en = {
  loading: 'Loading…',
  loadError: 'Could not load.',
  retry: 'Try again',
  stepOf: 'Step {n} of {total}',
  h0: 'What do you need help with?',
  h1: 'When do you need us?',
  h2: 'How can we reach you?',
  h3: 'Review your request',
  service: 'Service',
  urgency: 'How urgent is it?',
  u_emergency: 'Emergency',
  u_soon: 'Soon (next few days)',
  u_flexible: 'Flexible',
  callNow: 'Call now: {phone}',
  day: 'Preferred day',
  window: 'Preferred time',
  contact: 'Your name, and a phone or an email',
  name: 'Full name',
  phone: 'Phone',
  email: 'Email',
  sms: 'Text me about this request',
  address: 'Service address',
  street: 'Street address',
  unit: 'Apt, suite, unit',
  city: 'City',
  state: 'State',
  zip: 'ZIP code',
  outside: 'Outside our usual area; you can still send this.',
  notes: 'Anything we should know?',
  optional: '(optional)',
  back: 'Back',
  next: 'Next',
  send: 'Send request',
  asap: 'As soon as possible',
  fix: 'Check the marked fields.',
  e_pick: 'Choose one.',
  e_name: 'Enter your name.',
  e_phone: 'Enter a valid phone.',
  e_email: 'Enter a valid email.',
  e_reach: 'Enter a phone or an email.',
  e_zip: 'Enter a 5-digit ZIP code.',
  doneTitle: 'Request received',
  doneBody: '{name} will contact you soon to confirm a time.',
  ref: 'Reference: {id}',
  queuedTitle: 'Saved, not sent yet',
  queuedBody: 'It is saved on this device and will be sent when the connection returns.',
  close: 'Close',
  book: 'Book service',
};

export type MessageKey = keyof typeof en;

const es: Record<MessageKey, string> = {
  loading: 'Cargando…',
  loadError: 'No se pudo cargar.',
  retry: 'Reintentar',
  stepOf: 'Paso {n} de {total}',
  h0: '¿En qué le podemos ayudar?',
  h1: '¿Cuándo nos necesita?',
  h2: '¿Cómo le contactamos?',
  h3: 'Revise su solicitud',
  service: 'Servicio',
  urgency: '¿Qué tan urgente es?',
  u_emergency: 'Emergencia',
  u_soon: 'Pronto (próximos días)',
  u_flexible: 'Flexible',
  callNow: 'Llame ya: {phone}',
  day: 'Día preferido',
  window: 'Horario preferido',
  contact: 'Su nombre, y un teléfono o un correo',
  name: 'Nombre completo',
  phone: 'Teléfono',
  email: 'Correo electrónico',
  sms: 'Envíenme mensajes de texto',
  address: 'Dirección del servicio',
  street: 'Calle y número',
  unit: 'Apto., suite, unidad',
  city: 'Ciudad',
  state: 'Estado',
  zip: 'Código postal',
  outside: 'Fuera de nuestra zona habitual; aún puede enviarla.',
  notes: '¿Algo que debamos saber?',
  optional: '(opcional)',
  back: 'Atrás',
  next: 'Siguiente',
  send: 'Enviar solicitud',
  asap: 'Lo antes posible',
  fix: 'Revise los campos marcados.',
  e_pick: 'Elija una opción.',
  e_name: 'Escriba su nombre.',
  e_phone: 'Escriba un teléfono válido.',
  e_email: 'Escriba un correo válido.',
  e_reach: 'Escriba un teléfono o un correo.',
  e_zip: 'Escriba un código postal de 5 dígitos.',
  doneTitle: 'Solicitud recibida',
  doneBody: '{name} le contactará pronto para confirmar la hora.',
  ref: 'Referencia: {id}',
  queuedTitle: 'Guardada, aún sin enviar',
  queuedBody: 'Está guardada en este dispositivo y se enviará cuando vuelva la conexión.',
  close: 'Cerrar',
  book: 'Reservar servicio',
};

export const MESSAGES: Record<Locale, Record<MessageKey, string>> = { en, es };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  return (key, vars) =>
    MESSAGES[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? ''));
}

/** The first candidate whose language the tenant offers and the widget speaks; else English. */
export function pickLocale(
  candidates: readonly (string | null | undefined)[],
  offered: readonly string[],
): Locale {
  for (const candidate of candidates) {
    const language = candidate?.toLowerCase().split(/[-_]/)[0];
    if ((language === 'en' || language === 'es') && offered.includes(language)) return language;
  }
  return offered.includes('en') || !offered.includes('es') ? 'en' : 'es';
}

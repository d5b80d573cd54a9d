/**
 * @module
 * English and Spanish strings and the locale choice: `data-locale`, then `<html lang>`, then the
 * browser's languages, limited to what the tenant offers. widget.js holds, in both languages,
 * only what the first step and its loading states say; the rest of the strings come with the
 * form's second file, one file per language (i18n-rest.ts), and are added by `addMessages`.
 */
import { REST_KEYS, type RestKey } from './i18n-rest.ts';

export type Locale = 'en' | 'es';

const en = {
  loading: 'Loading…',
  loadError: 'Could not load.',
  retry: 'Try again',
  stepOf: 'Step {n} of {total}',
  h0: 'What do you need help with?',
  service: 'Service',
  next: 'Next',
  close: 'Close',
  book: 'Book service',
};

export type FirstKey = keyof typeof en;
export type MessageKey = FirstKey | RestKey;

const es: Record<FirstKey, string> = {
  loading: 'Cargando…',
  loadError: 'No se pudo cargar.',
  retry: 'Reintentar',
  stepOf: 'Paso {n} de {total}',
  h0: '¿En qué le podemos ayudar?',
  service: 'Servicio',
  next: 'Siguiente',
  close: 'Cerrar',
  book: 'Reservar servicio',
};

/**
 * What widget.js says by itself, per locale; `addMessages` adds the second file's strings to
 * these same objects (so translators made before see them too).
 */
export const FIRST_MESSAGES: Record<Locale, Record<FirstKey, string>> = { en, es };
const messages = FIRST_MESSAGES as Record<Locale, Partial<Record<MessageKey, string>>>;

/** The second file's strings for `locale`: REST_KEYS order, joined by `|` (i18n-rest.ts). */
export function addMessages(locale: Locale, rest: string): void {
  const strings = rest.split('|');
  REST_KEYS.forEach((key, i) => (messages[locale][key] = strings[i]));
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** A string not loaded yet is empty: the form shows the steps that need them only once they are. */
export function translator(locale: Locale): Translate {
  return (key, vars) =>
    (messages[locale][key] ?? '').replace(/\{(\w+)\}/g, (_, name: string) =>
      String(vars?.[name] ?? ''),
    );
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

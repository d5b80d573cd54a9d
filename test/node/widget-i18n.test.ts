/**
 * Locales (widget/src/i18n.ts, and i18n-rest.ts for the form's second file): both dictionaries
 * complete and consistent, placeholders filled, and the choice order data-locale → <html lang> →
 * browser languages, within the tenant's locales.
 */
import { describe, expect, it } from 'vitest';
import {
  addMessages,
  FIRST_MESSAGES,
  pickLocale,
  translator,
  type MessageKey,
} from '../../widget/src/i18n.ts';
import { REST_KEYS, restEn, restEs, restFile } from '../../widget/src/i18n-rest.ts';

const MESSAGES: Record<'en' | 'es', Record<MessageKey, string>> = {
  en: { ...FIRST_MESSAGES.en, ...restEn },
  es: { ...FIRST_MESSAGES.es, ...restEs },
};

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('have the same keys, no empty strings, and the same placeholders in both languages', () => {
    expect(Object.keys(MESSAGES.es).sort()).toEqual(Object.keys(MESSAGES.en).sort());
    for (const key of Object.keys(MESSAGES.en) as MessageKey[]) {
      expect(MESSAGES.en[key].trim(), key).not.toBe('');
      expect(MESSAGES.es[key].trim(), key).not.toBe('');
      expect(placeholders(MESSAGES.es[key]), key).toEqual(placeholders(MESSAGES.en[key]));
    }
  });

  it('list every later-step key once, none of them also a first-step key', () => {
    expect(new Set(REST_KEYS).size).toBe(REST_KEYS.length);
    expect(Object.keys(restEn).sort()).toEqual([...REST_KEYS].sort());
    expect(REST_KEYS.filter((key) => key in FIRST_MESSAGES.en)).toEqual([]);
    // The second file joins them with '|'.
    for (const text of [...Object.values(restEn), ...Object.values(restEs)]) {
      expect(text).not.toContain('|');
    }
  });

  it('are really translated (only proper names and loanwords may stay the same)', () => {
    const same = (Object.keys(MESSAGES.en) as MessageKey[]).filter(
      (key) => MESSAGES.en[key] === MESSAGES.es[key],
    );
    expect(same).toEqual(['u_flexible']);
  });
});

describe('translator', () => {
  it('says only the first step until the second file adds its strings', () => {
    const t = translator('en');
    expect(t('h0')).toBe('What do you need help with?');
    expect(t('h1')).toBe('');
    addMessages('en', JSON.parse(restFile(restEn)) as string);
    // A translator made before the strings arrived sees them too.
    expect(t('h1')).toBe('When do you need us?');
  });

  it('fills placeholders and leaves unknown ones empty', () => {
    addMessages('en', JSON.parse(restFile(restEn)) as string);
    addMessages('es', JSON.parse(restFile(restEs)) as string);
    expect(translator('en')('stepOf', { n: 2, total: 4 })).toBe('Step 2 of 4');
    expect(translator('es')('stepOf', { n: 2, total: 4 })).toBe('Paso 2 de 4');
    expect(translator('es')('doneBody', { name: 'Desert Peak' })).toMatch(
      /^Desert Peak le contactará/,
    );
    expect(translator('en')('callNow')).toBe('Call now: ');
  });
});

describe('pickLocale', () => {
  const both = ['en', 'es'];
  it('prefers data-locale, then <html lang>, then the browser languages', () => {
    expect(pickLocale(['es', 'en', 'en-US'], both)).toBe('es');
    expect(pickLocale([null, 'es-MX', 'en-US'], both)).toBe('es');
    expect(pickLocale([null, '', 'es_US', 'en'], both)).toBe('es');
    expect(pickLocale([null, 'en', 'es'], both)).toBe('en');
  });

  it('skips languages the widget or the tenant does not offer', () => {
    expect(pickLocale(['fr', 'de-DE', 'ES'], both)).toBe('es');
    expect(pickLocale(['es', 'es-MX'], ['en'])).toBe('en');
    expect(pickLocale(['fr'], ['es'])).toBe('es');
    expect(pickLocale([undefined, 'pt-BR'], both)).toBe('en');
    expect(pickLocale([], [])).toBe('en');
  });
});

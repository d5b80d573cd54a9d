/**
 * Phone numbers: the edge's parser (edge/leads/phone.ts, libphonenumber's metadata) stores E.164
 * with the extension apart and tells foreign numbers from US ones; the widget's light check
 * (shared/contact.ts) never refuses a spelling the edge accepts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePhone, phoneSpellings } from '../../edge/leads/phone.ts';
import { looksLikePhone } from '../../shared/contact.ts';

const us = (e164: string, extension: string | null = null) => ({
  e164,
  extension,
  international: false,
});
const abroad = (e164: string, extension: string | null = null) => ({
  e164,
  extension,
  international: true,
});

describe('parsePhone', () => {
  it.each([
    ['6025550142', us('+16025550142')],
    ['(602) 555-0142', us('+16025550142')],
    ['+1 602 555 0142', us('+16025550142')],
    ['1-602-555-0142', us('+16025550142')],
    ['001 602 555 0142', us('+16025550142')],
    ['011 1 602 555 0142', us('+16025550142')],
    ['602-555-0142 ext 1', us('+16025550142', '1')],
    ['602.555.0142 x204', us('+16025550142', '204')],
    ['(602) 555-0142 #7', us('+16025550142', '7')],
    ['(361) 234-5678', us('+13612345678')],
    ['787 555 0142', us('+17875550142')], // Puerto Rico is dialed and billed as domestic
    ['+36 1 234 5678', abroad('+3612345678')],
    ['0036 1 234 5678', abroad('+3612345678')],
    ['011 36 1 234 5678', abroad('+3612345678')],
    ['+44 20 7946 0958 ext 3', abroad('+442079460958', '3')],
    ['+52 55 1234 5678', abroad('+525512345678')],
    ['416 555 0142', abroad('+14165550142')], // Toronto: +1, but not the US
  ])('%s → %o', (input, expected) => {
    expect(parsePhone(input)).toEqual(expected);
  });

  it.each([
    '555-0142',
    '602 555 01429',
    '602 155 0142', // an exchange cannot start with 1
    '333 555 0142', // an area code not assigned
    '+36 12',
    '+999 1234567', // no such country code
    '',
    'call me',
  ])('refuses %j', (input) => {
    expect(parsePhone(input)).toBeNull();
  });

  it('refuses a number longer than E.164 allows, though the metadata calls it valid', () => {
    // Found by the property below: 17 digits after the trunk 0 is dropped.
    expect(parsePhone('+490300000000000000')).toBeNull();
    expect(parsePhone('+49 30 901820')?.e164).toBe('+4930901820');
  });

  it('keeps apart the two numbers the old rule made one', () => {
    expect(parsePhone('+36 1 234 5678')!.e164).not.toBe(parsePhone('(361) 234-5678')!.e164);
  });
});

describe("the widget's light check", () => {
  const prefix = fc.constantFrom('', '+', '+1 ', '1 ', '1-', '00', '001 ', '011 ', '0036 ', '+44 ');
  const group = fc.stringMatching(/^\d{1,4}$/);
  const separator = fc.constantFrom('', ' ', '-', '.', ') ', '(');
  const extension = fc.constantFrom('', ' ext 1', ' x12', ' #3', ' extension 45', ' ext. 6');
  const spelling = fc
    .tuple(prefix, fc.array(fc.tuple(separator, group), { minLength: 1, maxLength: 5 }), extension)
    .map(([p, groups, ext]) => `${p}${groups.map(([s, g]) => s + g).join('')}${ext}`);

  it('never refuses a phone the edge accepts', () => {
    fc.assert(
      fc.property(fc.oneof(spelling, fc.string({ maxLength: 20 })), (input) => {
        if (parsePhone(input)) expect(looksLikePhone(input)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('refuses what is not a number, and leaves numbering plans to the edge', () => {
    for (const input of ['555-0142', '602 155 0142', '+36 12', '12345678901234567'])
      expect(looksLikePhone(input)).toBe(false);
    for (const input of ['333 555 0142', '+999 1234567']) {
      expect(looksLikePhone(input)).toBe(true);
      expect(parsePhone(input)).toBeNull();
    }
  });
});

describe('phoneSpellings', () => {
  it('finds a US number as people write it, and a foreign one as its country writes it', () => {
    expect(phoneSpellings('+16025550142')).toEqual([
      '6025550142',
      '602-555-0142',
      '(602) 555-0142',
      '602.555.0142',
      '602 555 0142',
    ]);
    expect(phoneSpellings('+3612345678')).toEqual([
      '+3612345678',
      '+36 1 234 5678',
      '(06 1) 234 5678',
    ]);
  });
});

/**
 * Source capture (widget/src/source.ts): UTMs, click ids, referrer and landing page; first touch
 * kept 90 days, last touch replaced only by a touch with attribution signals; campaign override.
 */
import { describe, expect, it } from 'vitest';
import { SourceSchema } from '../../shared/lead.ts';
import {
  FIRST_TOUCH_TTL_MS,
  hasSignal,
  nextTouches,
  recordVisit,
  sourceContext,
  TOUCH_KEY,
  touchFrom,
} from '../../widget/src/source.ts';
import type { StorageLike } from '../../widget/src/storage.ts';

const DAY = 86_400_000;
const t0 = new Date('2026-11-02T17:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

function memoryStorage(
  initial: Record<string, string> = {},
): StorageLike & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
  };
}

describe('touchFrom', () => {
  it('reads every UTM and click id from the landing URL, with the referrer', () => {
    const href =
      'https://desertpeakair.example/ac?utm_source=google&utm_medium=cpc&utm_campaign=summer&utm_term=ac+repair' +
      '&utm_content=ad1&gclid=G1&gbraid=GB&wbraid=WB&fbclid=FB&msclkid=MS&other=x';
    expect(touchFrom(href, 'https://www.google.com/', t0)).toEqual({
      at: t0.toISOString(),
      // The parameters live in their own fields; the stored URL has none (see below).
      landingPage: 'https://desertpeakair.example/ac',
      referrer: 'https://www.google.com/',
      utm: {
        source: 'google',
        medium: 'cpc',
        campaign: 'summer',
        term: 'ac repair',
        content: 'ad1',
      },
      clickIds: { gclid: 'G1', gbraid: 'GB', wbraid: 'WB', fbclid: 'FB', msclkid: 'MS' },
    });
  });

  it('leaves out what is absent or blank, and cuts values to the contract limits', () => {
    const long = 'x'.repeat(600);
    const touch = touchFrom(
      `https://a.example/?utm_source=%20&gclid=${long}&utm_campaign=${long}`,
      '',
      t0,
    );
    expect(touch.referrer).toBeUndefined();
    expect(touch.utm).toEqual({ campaign: 'x'.repeat(200) });
    expect(touch.clickIds).toEqual({ gclid: 'x'.repeat(512) });
    expect(SourceSchema.safeParse({ ...touch, at: undefined }).success).toBe(true);
  });

  it('stores landing page and referrer without query or fragment, the attribution in fields', () => {
    const touch = touchFrom(
      'https://site.example/book?email=jane%40example.com&utm_source=mail&token=s3cret&gclid=G#reset=abc',
      'https://site.example/account?session=xyz#top',
      t0,
    );
    expect(touch).toEqual({
      at: t0.toISOString(),
      landingPage: 'https://site.example/book',
      referrer: 'https://site.example/account',
      utm: { source: 'mail' },
      clickIds: { gclid: 'G' },
    });
    expect(touchFrom('https://site.example/?name=Jane#x', '', t0).landingPage).toBe(
      'https://site.example/',
    );
  });

  it('never stores a personal query parameter, in the first touch or the last', () => {
    const storage = memoryStorage();
    recordVisit(storage, 'https://site.example/?utm_source=mail&email=jane%40example.com', '', t0);
    recordVisit(
      storage,
      'https://site.example/?gclid=A&phone=6025550123',
      'https://www.google.com/search?q=jane+smith+ac+repair',
      later(DAY),
    );
    const stored = storage.data.get(TOUCH_KEY)!;
    for (const secret of ['jane', '6025550123', 'phone', 'email', 'search?q']) {
      expect(stored).not.toContain(secret);
    }
    expect(JSON.parse(stored).first).toMatchObject({
      landingPage: 'https://site.example/',
      utm: { source: 'mail' },
    });
    expect(JSON.parse(stored).last).toMatchObject({
      landingPage: 'https://site.example/',
      referrer: 'https://www.google.com/search',
      clickIds: { gclid: 'A' },
    });
  });

  it('never throws on an unparsable URL', () => {
    expect(touchFrom('not a url', 'also not', t0)).toMatchObject({ landingPage: 'not a url' });
  });
});

describe('hasSignal', () => {
  it('is true for UTMs, click ids or a referrer from another site, false for internal navigation', () => {
    const page = 'https://desertpeakair.example/services';
    expect(hasSignal(touchFrom(`${page}?utm_source=fb`, '', t0))).toBe(true);
    expect(hasSignal(touchFrom(`${page}?msclkid=1`, '', t0))).toBe(true);
    expect(hasSignal(touchFrom(page, 'https://www.bing.com/', t0))).toBe(true);
    expect(hasSignal(touchFrom(page, 'https://desertpeakair.example/', t0))).toBe(false);
    expect(hasSignal(touchFrom(page, '', t0))).toBe(false);
  });
});

describe('nextTouches', () => {
  const ad = touchFrom(
    'https://site.example/?utm_source=google&gclid=A',
    'https://www.google.com/',
    t0,
  );

  it('keeps the first touch for 90 days and replaces the last touch with each new signal', () => {
    const first = nextTouches(null, ad, t0);
    expect(first).toEqual({ first: ad, last: ad });
    const email = touchFrom('https://site.example/?utm_source=newsletter', '', later(10 * DAY));
    expect(nextTouches(first, email, later(10 * DAY))).toEqual({ first: ad, last: email });
  });

  it('does not let internal navigation overwrite the last touch', () => {
    const internal = touchFrom('https://site.example/contact', 'https://site.example/', later(DAY));
    expect(nextTouches({ first: ad, last: ad }, internal, later(DAY))).toEqual({
      first: ad,
      last: ad,
    });
  });

  it('starts a new first touch once the old one is 90 days old', () => {
    const visit = touchFrom('https://site.example/', '', later(FIRST_TOUCH_TTL_MS));
    expect(nextTouches({ first: ad, last: ad }, visit, later(FIRST_TOUCH_TTL_MS))).toEqual({
      first: visit,
      last: ad,
    });
    const justBefore = later(FIRST_TOUCH_TTL_MS - 1);
    expect(nextTouches({ first: ad, last: ad }, visit, justBefore).first).toBe(ad);
  });
});

describe('recordVisit', () => {
  it('persists touches across page loads in storage', () => {
    const storage = memoryStorage();
    recordVisit(
      storage,
      'https://site.example/?utm_source=google&gclid=A',
      'https://www.google.com/',
      t0,
    );
    const second = recordVisit(
      storage,
      'https://site.example/book',
      'https://site.example/',
      later(DAY),
    );
    expect(second.first.clickIds).toEqual({ gclid: 'A' });
    expect(second.last.clickIds).toEqual({ gclid: 'A' });
    expect(JSON.parse(storage.data.get(TOUCH_KEY)!)).toEqual(second);
  });

  it('starts over on corrupted storage and works without storage at all', () => {
    const corrupted = memoryStorage({ [TOUCH_KEY]: '{not json' });
    expect(recordVisit(corrupted, 'https://site.example/?utm_source=x', '', t0).first.utm).toEqual({
      source: 'x',
    });
    const wrongShape = memoryStorage({ [TOUCH_KEY]: '{"first":1}' });
    expect(recordVisit(wrongShape, 'https://site.example/', '', t0).first.at).toBe(
      t0.toISOString(),
    );
    expect(recordVisit(null, 'https://site.example/?gclid=Z', '', t0).last.clickIds).toEqual({
      gclid: 'Z',
    });
  });

  it('survives a storage that throws (blocked or full)', () => {
    const throwing: StorageLike = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(recordVisit(throwing, 'https://site.example/?utm_medium=cpc', '', t0).last.utm).toEqual({
      medium: 'cpc',
    });
  });
});

describe('sourceContext', () => {
  const first = touchFrom(
    'https://site.example/?utm_source=google&utm_campaign=brand',
    'https://www.google.com/',
    t0,
  );
  const last = touchFrom(
    'https://site.example/?utm_source=newsletter&utm_campaign=fall',
    '',
    later(DAY),
  );

  it('is the last touch plus the first touch, valid against the edge schema', () => {
    const source = sourceContext({ first, last }, null);
    expect(source).toEqual({
      landingPage: last.landingPage,
      utm: { source: 'newsletter', campaign: 'fall' },
      firstTouch: first,
    });
    expect(SourceSchema.parse(source)).toEqual(source);
  });

  it('applies the campaign override to the last touch utm.campaign only', () => {
    const source = sourceContext({ first, last }, 'spring-promo');
    expect(source.utm).toEqual({ source: 'newsletter', campaign: 'spring-promo' });
    expect(source.firstTouch?.utm?.campaign).toBe('brand');
    const direct = sourceContext(
      {
        first: touchFrom('https://s.example/', '', t0),
        last: touchFrom('https://s.example/', '', t0),
      },
      'x',
    );
    expect(direct.utm).toEqual({ campaign: 'x' });
  });
});

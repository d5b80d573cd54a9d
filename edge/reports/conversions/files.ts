/**
 * @module
 * The conversion files ad platforms import (docs/proof.md#conversion-files), built from the leads'
 * stages (stages.ts). Each lists what it leaves out and why:
 * - Google Ads offline click conversions: Google's import template for conversions from clicks
 *   (a `Parameters:TimeZone=` row, times in that zone), one row per lead with a gclid that reached
 *   the stage, at most 90 days after the click (Google refuses older clicks). Leads with only a
 *   gbraid or wbraid are listed apart: the file import does not take them.
 * - Google enhanced conversions for leads: the same rows keyed by the lead's email and phone,
 *   normalised and SHA-256 hashed (hash.ts), within Google's 63-day window; never raw values.
 * - Microsoft Advertising offline conversions: its import template keyed by msclkid, UTC times,
 *   at most 90 days after the click.
 * Values are the merged posted-invoice totals for `invoiced`; earlier stages carry no value.
 */
import type { ConversionStage } from '../../../shared/outcomes.ts';
import type { LeadStages } from './stages.ts';
import type { ConversionSettings } from './settings.ts';
import { sha256Hex } from '../../lib/encoding.ts';
import { normaliseEmail, normalisePhone } from './hash.ts';
import { zonedTime } from '../../../shared/local-time.ts';

export const CONVERSION_PLATFORMS = ['google-ads', 'google-ads-enhanced', 'microsoft-ads'] as const;
export type ConversionPlatform = (typeof CONVERSION_PLATFORMS)[number];

const DAY_MS = 86_400_000;
const WINDOW_DAYS: Record<ConversionPlatform, number> = {
  'google-ads': 90,
  'google-ads-enhanced': 63,
  'microsoft-ads': 90,
};

const HEADERS: Record<ConversionPlatform, string[]> = {
  'google-ads': [
    'Google Click ID',
    'Conversion Name',
    'Conversion Time',
    'Conversion Value',
    'Conversion Currency',
  ],
  'google-ads-enhanced': [
    'Email',
    'Phone Number',
    'Conversion Name',
    'Conversion Time',
    'Conversion Value',
    'Conversion Currency',
  ],
  'microsoft-ads': [
    'Microsoft Click ID',
    'Conversion Name',
    'Conversion Time',
    'Conversion Value',
    'Conversion Currency',
  ],
};

export interface Exclusions {
  spam: number;
  test: number;
  /** Real leads that did not reach the stage (yet). */
  stageNotReached: number;
  /** Reached the stage, but carry no identifier this platform takes. */
  noClickId: number;
  /** Reached the stage, but the click is older than the platform accepts. */
  tooOld: number;
  /** Export rows of the period not tied to a lead, or waiting for an operator's review. */
  unmatchedOutcomes: number;
  probablePending: number;
}

export const EXCLUSION_REASONS: Record<keyof Exclusions, string> = {
  spam: 'classified as spam',
  test: 'test submission',
  stageNotReached: 'did not reach this stage',
  noClickId: 'no click id (or contact, for enhanced conversions) this platform takes',
  tooOld: 'click older than the platform accepts',
  unmatchedOutcomes: 'ServiceTitan outcome matched to no lead',
  probablePending: 'probable match waiting for review',
};

export interface ConversionFile {
  platform: ConversionPlatform;
  stage: ConversionStage;
  timezone: string;
  conversionName: string;
  /** The template's first line, when it has one. */
  parameters: string | null;
  header: string[];
  rows: { leadId: string; cells: string[]; sources: string[]; quality: string | null }[];
  /** gbraid/wbraid leads (Google click file only): not importable by file, still shown. */
  listedSeparately: { leadId: string; gbraid?: string; wbraid?: string; time: string }[];
  excluded: Exclusions;
}

const utcTime = (iso: string) => `${iso.slice(0, 19)}Z`;

export async function conversionFile(
  platform: ConversionPlatform,
  input: {
    stage: ConversionStage;
    timezone: string;
    settings: ConversionSettings;
    leads: LeadStages[];
    outside: { unmatched: number; probablePending: number };
    asOf: Date;
  },
): Promise<ConversionFile> {
  const { stage, timezone, settings } = input;
  const name = settings.names[stage];
  const excluded: Exclusions = {
    spam: 0,
    test: 0,
    stageNotReached: 0,
    noClickId: 0,
    tooOld: 0,
    unmatchedOutcomes: input.outside.unmatched,
    probablePending: input.outside.probablePending,
  };
  const file: ConversionFile = {
    platform,
    stage,
    timezone,
    conversionName: name,
    parameters: platform === 'microsoft-ads' ? null : `Parameters:TimeZone=${timezone}`,
    header: HEADERS[platform],
    rows: [],
    listedSeparately: [],
    excluded,
  };
  const oldest = input.asOf.getTime() - WINDOW_DAYS[platform] * DAY_MS;
  for (const lead of input.leads) {
    if (lead.classification !== 'real') {
      excluded[lead.classification] += 1;
      continue;
    }
    const at = lead.reached[stage];
    if (!at) {
      excluded.stageNotReached += 1;
      continue;
    }
    const time = platform === 'microsoft-ads' ? utcTime(at) : zonedTime(at, timezone);
    const value = stage === 'invoiced' ? (lead.revenueCents / 100).toFixed(2) : '';
    const currency = value === '' ? '' : settings.currency;
    const key = await keyOf(platform, lead);
    if (!key) {
      const { gbraid, wbraid } = lead.clickIds;
      if (platform === 'google-ads' && (gbraid || wbraid)) {
        file.listedSeparately.push({
          leadId: lead.leadId,
          ...(gbraid && { gbraid }),
          ...(wbraid && { wbraid }),
          time,
        });
      }
      excluded.noClickId += 1;
      continue;
    }
    if (Date.parse(lead.receivedAt) < oldest) {
      excluded.tooOld += 1;
      continue;
    }
    file.rows.push({
      leadId: lead.leadId,
      cells: [...key, name, time, value, currency],
      sources: lead.sources,
      quality: lead.quality,
    });
  }
  return file;
}

/** The identifying cells of a row, or null when the lead has none for this platform. */
async function keyOf(platform: ConversionPlatform, lead: LeadStages): Promise<string[] | null> {
  if (platform === 'google-ads') return lead.clickIds.gclid ? [lead.clickIds.gclid] : null;
  if (platform === 'microsoft-ads') return lead.clickIds.msclkid ? [lead.clickIds.msclkid] : null;
  const phone = lead.phone ? normalisePhone(lead.phone) : null;
  const email = lead.email ? normaliseEmail(lead.email) : '';
  if (!email && !phone) return null;
  return [email ? await sha256Hex(email) : '', phone ? await sha256Hex(phone) : ''];
}

/**
 * @module
 * Builds the dry-run `Crm.V2.CreateBookingRequest` for a lead from the tenant's published Titan Map
 * (plus an operator's correction) and taxonomy, with the reasons it needs review. Pure, so the same
 * function runs in the Worker and in the Node test that validates its output against ServiceTitan's
 * schema. Optional fields are left out rather than sent as null; nothing outside the schema is
 * ever added (the schema forbids additional properties).
 */
import type { StoredWidgetConfig, TimeWindowConfig } from '../../shared/config.ts';
import type { LeadRecord } from '../../shared/lead-record.ts';
import {
  earliestStart,
  IN_PAST,
  isCalendarDate,
  localNow,
  OUT_OF_HOURS,
  slotIssues,
  windowNamed,
} from '../../shared/schedule.ts';
import {
  bindingReviewReasons,
  effectiveBinding,
  type BindingOverride,
  type EffectiveBinding,
  type MapEntry,
  type Taxonomy,
} from './binding.ts';
import {
  BOOKING_COUNTRY,
  BOOKING_SOURCE,
  bookingPhoneValue,
  type BookingAddress,
  type BookingContact,
  type CreateBookingRequest,
} from './booking-request.ts';
import { externalIdForLead } from './external-id.ts';
import { zonedTimeToUtc } from '../../shared/local-time.ts';
import { bookingSummary, type StartNote } from './summary.ts';

export type DraftLead = Pick<
  LeadRecord,
  | 'id'
  | 'serviceKey'
  | 'urgency'
  | 'preferredDate'
  | 'preferredWindow'
  | 'contactName'
  | 'contactPhone'
  | 'contactPhoneExt'
  | 'contactEmail'
  | 'smsOptIn'
  | 'addressStreet'
  | 'addressUnit'
  | 'addressCity'
  | 'addressState'
  | 'addressZip'
  | 'notes'
  | 'isFirstTimeClient'
  | 'utmSource'
  | 'utmMedium'
  | 'utmCampaign'
  | 'receivedAt'
>;

export interface DraftTenant {
  timezone: string;
  config: Pick<StoredWidgetConfig, 'services' | 'windows' | 'businessHours'>;
}

export interface DraftInput {
  lead: DraftLead;
  tenant: DraftTenant;
  /** The published map's entry for the lead's service, if any. */
  mapEntry: MapEntry | undefined;
  override: BindingOverride | null;
  taxonomy: Taxonomy;
}

export interface BookingDraft {
  payload: CreateBookingRequest;
  /** Empty when the draft is ready; otherwise why it needs an operator. */
  reasons: string[];
  binding: EffectiveBinding;
}

/** A name ServiceTitan can file the booking under when the visitor gave none. */
export const UNNAMED_CUSTOMER = 'Website customer (name not given)';

function addressOf(lead: DraftLead): { address?: BookingAddress; partial: string | null } {
  const { addressStreet: street, addressCity: city, addressState: state, addressZip: zip } = lead;
  const parts = [street, lead.addressUnit, city, state, zip].filter((p): p is string => !!p);
  if (street && city && state && zip) {
    const unit = lead.addressUnit ? { unit: lead.addressUnit } : {};
    return {
      address: { street, ...unit, city, state, zip, country: BOOKING_COUNTRY },
      partial: null,
    };
  }
  return { partial: parts.length > 0 ? parts.join(', ') : null };
}

function contactsOf(lead: DraftLead): BookingContact[] {
  const contacts: BookingContact[] = [];
  if (lead.contactPhone) {
    // The form does not ask for the phone's kind; an SMS opt-in says it takes texts.
    const memo = [
      lead.smsOptIn && 'Opted in to SMS on the booking form',
      lead.contactPhoneExt && `Ext. ${lead.contactPhoneExt}`,
    ].filter(Boolean);
    contacts.push({
      type: lead.smsOptIn ? 'MobilePhone' : 'Phone',
      value: bookingPhoneValue(lead.contactPhone),
      ...(memo.length > 0 && { memo: memo.join('; ') }),
    });
  }
  if (lead.contactEmail) contacts.push({ type: 'Email', value: lead.contactEmail });
  return contacts;
}

/**
 * The draft's `start` (UTC, second precision) and what the summary says about it: the earliest
 * sensible start of the preferred window (shared/schedule.ts) measured from when the lead
 * arrived, never earlier, or none when nothing of the window was left (decision 0038).
 */
function startOf(
  lead: DraftLead,
  tenant: DraftTenant,
): { start?: string; window?: TimeWindowConfig; note: StartNote | null } {
  const date = lead.preferredDate;
  const { businessHours: hours, windows } = tenant.config;
  if (!date || !isCalendarDate(date)) {
    const window = windows.find((w) => w.key === lead.preferredWindow);
    return { window, note: date ? { kind: 'invalid_date' } : null };
  }
  const received = new Date(lead.receivedAt);
  const requested = localNow(received, tenant.timezone);
  const window = windowNamed(windows, lead.preferredWindow, hours, date, requested);
  // "Any time" (or an unknown window) has no bounds of its own: the business day.
  const bounds: Pick<TimeWindowConfig, 'start' | 'end'> = window ?? {};
  const time = earliestStart(hours, date, bounds, requested);
  const utc = time && zonedTimeToUtc(date, time, tenant.timezone);
  if (!time || !utc || utc < received) {
    // (`utc < received`: a wall time repeated by a fall-back change resolves to its first
    // occurrence, which can lie before a request made during the second.)
    const issues = slotIssues(hours, date, bounds, requested);
    const why = issues & IN_PAST || time ? 'past' : issues & OUT_OF_HOURS ? 'closed' : 'ending';
    return { window, note: { kind: 'none', why } };
  }
  const start = utc.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (time === (bounds.start ?? hours.open)) return { start, window, note: null };
  const why = time === hours.open ? 'opening' : 'request';
  return { start, window, note: { kind: 'later', time, why } };
}

export function buildBookingDraft({
  lead,
  tenant,
  mapEntry,
  override,
  taxonomy,
}: DraftInput): BookingDraft {
  const service = tenant.config.services.find((s) => s.key === lead.serviceKey);
  const binding = effectiveBinding(mapEntry, lead.urgency, override);
  const reasons: string[] = [];
  if (!service && !binding.corrected) reasons.push('unknown_service');
  else reasons.push(...bindingReviewReasons(mapEntry, binding, taxonomy));
  if (!lead.contactName) reasons.push('contact_name_missing');

  const { address, partial } = addressOf(lead);
  if (partial) reasons.push('address_incomplete');
  const contacts = contactsOf(lead);
  const { start, window, note } = startOf(lead, tenant);
  // The summary cannot say when: the CSR must ask, so the draft is not sendable as is.
  if (note?.kind === 'invalid_date') reasons.push('invalid_preferred_time');
  const campaignText = [lead.utmSource, lead.utmMedium, lead.utmCampaign]
    .filter(Boolean)
    .join(' / ');

  const payload: CreateBookingRequest = {
    source: BOOKING_SOURCE,
    name: lead.contactName ?? UNNAMED_CUSTOMER,
    summary: bookingSummary({
      serviceLabel: service?.label ?? lead.serviceKey ?? 'not given',
      urgency: lead.urgency,
      preferredDate: lead.preferredDate,
      windowLabel: window?.label ?? lead.preferredWindow,
      timeZone: tenant.timezone,
      startNote: note,
      notes: lead.notes,
      partialAddress: partial,
      firstTimeClientStated: lead.isFirstTimeClient !== null,
      smsOptIn: lead.smsOptIn,
      campaignText: campaignText || null,
      leadId: lead.id,
    }),
    // Unstated is treated as new: most website requests are, and the CSR confirms on the call.
    isFirstTimeClient: lead.isFirstTimeClient ?? true,
    externalId: externalIdForLead(lead.id),
    ...(address && { address }),
    ...(contacts.length > 0 && { contacts }),
    // The booking form is for homeowners; a commercial request is corrected by the CSR.
    customerType: 'Residential',
    ...(start && { start }),
    ...(binding.campaignId !== null && { campaignId: binding.campaignId }),
    ...(binding.businessUnitId !== null && { businessUnitId: binding.businessUnitId }),
    ...(binding.jobTypeId !== null && { jobTypeId: binding.jobTypeId }),
    ...(binding.priority !== null && { priority: binding.priority }),
  };
  return { payload, reasons, binding };
}

/**
 * @module
 * ServiceTitan's `Crm.V2.CreateBookingRequest` (crm-v2 `POST /tenant/{tenant}/booking-provider/
 * {booking_provider}/bookings`) as a TypeScript type: only the fields PageToJob fills. The schema
 * forbids additional properties, so nothing else may ever be put into a payload.
 */

/** `Crm.V2.ContactType`. */
export type BookingContactType = 'Phone' | 'Email' | 'Fax' | 'MobilePhone';

/** `Crm.V2.Priority`. */
export type BookingPriority = 'Low' | 'Normal' | 'High' | 'Urgent';

/** `Crm.V2.AddressModel`: all of street, city, state, zip and country, or no address at all. */
export interface BookingAddress {
  street: string;
  unit?: string;
  city: string;
  state: string;
  zip: string;
  country: string;
}

/** `Crm.V2.BookingContactModel`: it has no extension field, so an extension goes in `memo`. */
export interface BookingContact {
  type: BookingContactType;
  /** A phone: see `bookingPhoneValue`. */
  value: string;
  memo?: string;
}

/**
 * A stored (E.164) phone as a booking contact's `value`, a plain string in the schema: a North
 * American number as the 10 digits a US office dials and searches by, any other in E.164 (the
 * only spelling that cannot be misread as a US number). docs/decisions/0045.
 */
export const bookingPhoneValue = (e164: string) => (e164.startsWith('+1') ? e164.slice(2) : e164);

export interface CreateBookingRequest {
  source: string;
  name: string;
  summary: string;
  isFirstTimeClient: boolean;
  externalId: string;
  address?: BookingAddress;
  contacts?: BookingContact[];
  customerType?: 'Residential' | 'Commercial';
  /** UTC date-time. */
  start?: string;
  campaignId?: number;
  businessUnitId?: number;
  jobTypeId?: number;
  priority?: BookingPriority;
}

/** The `source` every PageToJob booking carries, so a CSR knows where it came from. */
export const BOOKING_SOURCE = 'PageToJob website widget';
/** ServiceTitan's address country for US contractors. */
export const BOOKING_COUNTRY = 'USA';

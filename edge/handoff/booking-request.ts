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

/** `Crm.V2.BookingContactModel`. */
export interface BookingContact {
  type: BookingContactType;
  value: string;
  memo?: string;
}

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

/**
 * @module
 * The field rules of the lead contract as plain data: `shared/lead.ts` builds its zod schemas
 * from these, and the widget checks the same rules without bundling zod. Why a separate module:
 * zod schema construction is not tree-shakable (chained `.check()` calls count as side effects),
 * so importing one constant from lead.ts would cost the widget ~3 KB gzip of zod it never runs.
 * Keep this file free of imports.
 */

export const URGENCIES = ['emergency', 'soon', 'flexible'] as const;
export const TIME_WINDOWS = ['morning', 'afternoon', 'evening', 'anytime'] as const;

/** Maximum lengths (UTF-16 code units for the widget, code points for zod: same for BMP text). */
export const LEAD_LIMITS = {
  service: 100,
  name: 200,
  phone: 40,
  email: 254,
  street: 200,
  unit: 50,
  city: 100,
  state: 50,
  notes: 2000,
  utm: 200,
  clickId: 512,
  url: 2048,
} as const;

export const ZIP_PATTERN = /^\d{5}(-\d{4})?$/;

/**
 * The service-area rule: a well-formed ZIP (ZIP+4 too) whose first five digits are not in the
 * tenant's area. The edge flags such a lead (`zip_outside_service_area`) and the widget shows the
 * out-of-area message; neither refuses it. A malformed ZIP is the field check's business.
 */
export const outsideServiceArea = (zip: string, areaZips: readonly string[]): boolean =>
  ZIP_PATTERN.test(zip) && !areaZips.includes(zip.slice(0, 5));
export const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const TENANT_PATTERN = /^[a-z0-9-]{2,64}$/;
export const SUBMISSION_ID = /^[A-Za-z0-9_-]{8,128}$/;

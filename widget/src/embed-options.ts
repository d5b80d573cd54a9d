/**
 * @module
 * What a `<script src=".../widget.js" data-tenant=...>` tag asks for. Pure: it reads attributes
 * through a getter so it is tested without a DOM. The API origin is the script's own origin, so
 * one tag works on any site without further configuration.
 */
import { TENANT_PATTERN } from '../../shared/lead-rules.ts';

/** `inline`: the form in the page; `button`: a floating button opening a modal; `modal`: only triggers. */
export type Mode = 'inline' | 'button' | 'modal';

export interface EmbedOptions {
  tenant: string;
  /** Origin of the worker that served widget.js; the API lives there too. */
  api: string;
  mode: Mode;
  /** CSS selector of the element the inline form goes into; null = right after the script. */
  target: string | null;
  locale: string | null;
  /**
   * Campaign override (data-campaign): replaces the submission's `utm.campaign`. It does not touch
   * the Titan binding's campaignId: that comes from the tenant's Titan Map, and the edge treats a
   * differing hint as drift that needs review.
   */
  campaign: string | null;
}

const MODES: readonly string[] = ['inline', 'button', 'modal'];

/** Null when the tag cannot work: no valid tenant, or a src without an http(s) origin. */
export function parseEmbedOptions(
  attr: (name: string) => string | null,
  src: string,
): EmbedOptions | null {
  const tenant = attr('data-tenant')?.trim() ?? '';
  let api = 'null';
  try {
    api = new URL(src).origin;
  } catch {
    // Stays "null", like the origin of a data: or blob: URL.
  }
  if (api === 'null' || !TENANT_PATTERN.test(tenant)) return null;
  const mode = attr('data-mode') ?? '';
  return {
    tenant,
    api,
    mode: (MODES.includes(mode) ? mode : 'inline') as Mode,
    target: attr('data-target') || null,
    locale: attr('data-locale') || null,
    campaign: attr('data-campaign')?.trim().slice(0, 200) || null,
  };
}

/** Two tags with the same key are the same widget: pasting the tag twice mounts it once. */
export function embedKey(options: EmbedOptions): string {
  return `${options.api}|${options.tenant}|${options.mode}|${options.target}`;
}

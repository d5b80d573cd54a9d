/**
 * Form tokens and intake signals for workers tests (reads the test FORM_TOKEN_KEY binding).
 */
import { env } from 'cloudflare:workers';
import { issueFormToken } from '../../edge/leads/form-token.ts';
import type { IntakeSignals } from '../../edge/leads/review.ts';

/** A valid form token for `tenant`, issued `ageMs` ago (past the time trap by default). */
export function formTokenFor(tenant = 'desert-peak', ageMs = 60_000): Promise<string> {
  return issueFormToken(env.FORM_TOKEN_KEY, tenant, new Date(Date.now() - ageMs));
}

/** Signals for building a lead record directly: an integration's valid intake key, no flags. */
export const INTAKE_KEY_SIGNALS: IntakeSignals = {
  formToken: { kind: 'missing', expired: false },
  intakeKey: true,
};

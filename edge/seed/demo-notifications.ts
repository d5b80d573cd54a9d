/**
 * @module
 * The demo tenant's office email channel, so `npm start` shows a lead alert out of the box: every
 * lead event (test contacts included, so trying the form alerts too) goes to a demo office
 * address. Locally the email is simulated: `wrangler dev` writes it under .wrangler/tmp/email/.
 * Seeded by scripts/seed.ts only, not by the tests, which make their own channels.
 */
import { DEFAULT_EVENT_TYPES } from '../../shared/notifications.ts';
import { DEMO_TENANT } from './desert-peak.ts';

export const DEMO_OFFICE_EMAIL = 'office@desertpeakair.example';
export const DEMO_EMAIL_CHANNEL_ID = 'nch_desert_peak_office';

export function demoNotificationStatements(): { sql: string; params: unknown[] }[] {
  const now = new Date().toISOString();
  return [
    {
      sql: `INSERT INTO notification_channels (id, tenant, kind, description, email_to, events,
              include_test, created_by, created_at, updated_at)
            VALUES (?, ?, 'email', ?, ?, ?, 1, 'seed', ?, ?)
            ON CONFLICT (id) DO NOTHING`,
      params: [
        DEMO_EMAIL_CHANNEL_ID,
        DEMO_TENANT,
        'Demo office inbox (simulated locally)',
        JSON.stringify([DEMO_OFFICE_EMAIL]),
        JSON.stringify(DEFAULT_EVENT_TYPES),
        now,
        now,
      ],
    },
  ];
}

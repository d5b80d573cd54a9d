/**
 * @module
 * What a person reads about an event, whatever the channel: a subject an office can triage from
 * ("Emergency AC repair request — Jane Smith, 85004"), labelled lines, the console link, and for a
 * lead the phone to call back and the address to reply to. Email and Slack-style bodies are built
 * from this (email.ts, delivery.ts); nothing here is HTML.
 */
import type { LeadEventData, NotificationBody } from '../../shared/notifications.ts';

export interface Rendered {
  subject: string;
  lines: [label: string, value: string][];
  link: string | null;
  /** The visitor's phone in E.164, for a `tel:` link. */
  phone: string | null;
  replyTo: string | null;
}

const URGENCY_PREFIX: Record<string, string> = { emergency: 'Emergency ' };

/** `+16025550123` as an office in the US reads it, `(602) 555-0123`; other numbers as stored. */
function formatPhone(e164: string, ext: string | null): string {
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  const shown = us ? `(${us[1]}) ${us[2]}-${us[3]}` : e164;
  return ext ? `${shown} ext. ${ext}` : shown;
}

function renderLead(data: LeadEventData, type: string): Rendered {
  const service = data.service.label ?? data.service.key ?? 'Service';
  const who = [data.contact.name ?? 'No name', data.address.zip].filter(Boolean).join(', ');
  const tags = [
    data.classification === 'test' ? '[Test] ' : '',
    type === 'lead.spam' ? '[Spam] ' : '',
    type === 'lead.unfinished' ? '[Unfinished — call back] ' : '',
  ].join('');
  const review = data.status === 'needs_review' ? ' (needs review)' : '';
  const subject = `${tags}${URGENCY_PREFIX[data.urgency ?? ''] ?? ''}${service} request${review} — ${who}`;
  const time = data.preferredTime;
  const address = [
    [data.address.street, data.address.unit].filter(Boolean).join(' '),
    [data.address.city, data.address.state, data.address.zip].filter(Boolean).join(' '),
  ]
    .filter((part) => part !== '')
    .join(', ');
  const campaign = [data.source.utmSource, data.source.utmMedium, data.source.utmCampaign]
    .filter(Boolean)
    .join(' / ');
  const lines: [string, string | null][] = [
    ['Service', service],
    ['Urgency', data.urgency],
    [
      'Preferred time',
      time.date
        ? `${time.date} ${time.label ?? time.window ?? ''} (${time.timezone})`.trim()
        : null,
    ],
    ['Name', data.contact.name],
    ['Phone', data.contact.phone && formatPhone(data.contact.phone, data.contact.phoneExt)],
    ['Email', data.contact.email],
    ['Address', address || null],
    ['Notes', data.notes],
    ['Source', campaign || null],
    ['Needs review because', data.reviewReasons.length ? data.reviewReasons.join(', ') : null],
    ['Lead', data.leadId],
  ];
  return {
    subject,
    lines: lines.filter((line): line is [string, string] => line[1] !== null && line[1] !== ''),
    link: data.consoleUrl,
    phone: data.contact.phone,
    replyTo: data.contact.email,
  };
}

const SUBJECTS: Record<string, (data: Record<string, unknown>) => string> = {
  'sync_job.failed': (d) => `Booking handoff failed, will retry — lead ${String(d.leadId)}`,
  'sync_job.blocked': (d) =>
    `Booking handoff blocked, needs an operator — lead ${String(d.leadId)}`,
  'drift_finding.opened': (d) => `Titan Map drift (${String(d.severity)}): ${String(d.summary)}`,
  'webhook_event.unmatched': (d) => `ServiceTitan ${String(d.eventType)} event matched no lead`,
  'channel.disabled': (d) => `Webhook endpoint disabled: ${String(d.url)}`,
  'notification.test': () => 'Test notification from PageToJob',
};

const label = (key: string) => key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());

export function renderEvent(body: NotificationBody): Rendered {
  if (body.type.startsWith('lead.'))
    return renderLead(body.data as unknown as LeadEventData, body.type);
  const { consoleUrl, ...rest } = body.data;
  return {
    subject: (SUBJECTS[body.type] ?? (() => body.type))(body.data),
    lines: Object.entries(rest)
      .filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([key, value]) => [
        label(key),
        typeof value === 'string' ? value : JSON.stringify(value),
      ]),
    link: typeof consoleUrl === 'string' ? consoleUrl : null,
    phone: null,
    replyTo: null,
  };
}

/** The Slack / Google Chat / Teams incoming-webhook body: `{"text": …}` in their light markup. */
export function slackText(rendered: Rendered): string {
  const lines = rendered.lines.map(([name, value]) => `*${name}:* ${value}`);
  const link = rendered.link ? [`<${rendered.link}|Open in PageToJob>`] : [];
  return [`*${rendered.subject}*`, ...lines, ...link].join('\n');
}

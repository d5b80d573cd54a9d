/**
 * @module
 * Office email through Cloudflare Email Service (`[[send_email]]` binding `EMAIL`, sender
 * `NOTIFY_FROM`): plain text plus simple HTML in which every value is escaped, no remote images,
 * the visitor's phone as a `tel:` link and `Reply-To` the visitor's email when given, so the
 * office can answer the lead straight from the alert.
 */
import type { NotificationBody } from '../../shared/notifications.ts';
import { renderEvent } from './render.ts';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export interface EmailMessageParts {
  subject: string;
  text: string;
  html: string;
  replyTo: string | null;
}

export function renderEmail(body: NotificationBody): EmailMessageParts {
  const r = renderEvent(body);
  const text = [
    r.subject,
    '',
    ...r.lines.map(([name, value]) => `${name}: ${value}`),
    ...(r.link ? ['', `Open in PageToJob: ${r.link}`] : []),
  ].join('\n');
  const rows = r.lines
    .map(([name, value]) => {
      const shown =
        name === 'Phone' && r.phone
          ? `<a href="tel:${escapeHtml(r.phone)}">${escapeHtml(value)}</a>`
          : escapeHtml(value);
      return `<tr><th align="left" valign="top">${escapeHtml(name)}</th><td>${shown}</td></tr>`;
    })
    .join('');
  const link = r.link ? `<p><a href="${escapeHtml(r.link)}">Open in PageToJob</a></p>` : '';
  const html = `<!doctype html><html><body><h2>${escapeHtml(r.subject)}</h2><table cellpadding="4">${rows}</table>${link}</body></html>`;
  return { subject: r.subject, text, html, replyTo: r.replyTo };
}

export async function sendEmail(
  binding: SendEmail,
  from: string,
  to: string[],
  body: NotificationBody,
): Promise<string> {
  const parts = renderEmail(body);
  const { messageId } = await binding.send({
    from,
    to,
    subject: parts.subject,
    text: parts.text,
    html: parts.html,
    ...(parts.replyTo && { replyTo: parts.replyTo }),
  });
  return messageId;
}

/**
 * @module
 * A lead's outcome history for the lead detail view: where its booking, job and appointment stand
 * now, every invoice of its job (with what the reports count), and every webhook event that was
 * matched to it, in the order they happened.
 */
import { eventsOfLead } from './events.ts';
import { invoicesOfLead, invoicesToJson } from './lead-invoices.ts';
import { outcomeOfLead, outcomeToJson } from './lead-outcomes.ts';

export async function leadOutcomeHistory(db: D1Database, leadId: string) {
  const [current, invoices, events] = await Promise.all([
    outcomeOfLead(db, leadId),
    invoicesOfLead(db, leadId),
    eventsOfLead(db, leadId),
  ]);
  return {
    current: current && outcomeToJson(current),
    ...invoicesToJson(invoices),
    history: events.map((event) => ({
      eventId: event.id,
      type: event.type,
      eventTime: event.event_time,
      receivedAt: event.received_at,
      state: event.state,
      note: event.note,
      applied: event.applied === null ? null : (JSON.parse(event.applied) as unknown),
    })),
  };
}

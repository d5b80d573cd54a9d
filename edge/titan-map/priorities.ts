/**
 * @module
 * The ServiceTitan priority a binding books each urgency as, when the reviewer gives none: the
 * published binding's, else emergency -> Urgent, soon -> High, flexible -> Normal.
 */
import type { TitanPriority } from '../../shared/config.ts';
import type { Urgency } from '../../shared/lead.ts';
import type { PriorityByUrgency } from '../../shared/titan-map.ts';
import type { TitanMapEntry } from './db/entries.ts';

const DEFAULT_PRIORITY: Record<Urgency, TitanPriority> = {
  emergency: 'Urgent',
  soon: 'High',
  flexible: 'Normal',
};

export function priorityFor(
  urgencies: Urgency[],
  current: TitanMapEntry | undefined,
): PriorityByUrgency {
  if (current && Object.keys(current.priorityByUrgency).length > 0) {
    return current.priorityByUrgency as PriorityByUrgency;
  }
  return Object.fromEntries(urgencies.map((urgency) => [urgency, DEFAULT_PRIORITY[urgency]]));
}

import type { AlertSummary } from '@atalaya/contracts';

/** The trigger ids of a catalogue listing: an array of triggers, or a page of them (`{ items }`). */
export function triggerIdsOf(listing: unknown): string[] | undefined {
  const items = Array.isArray(listing) ? listing : (listing as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return undefined;
  const ids = items.map((i) => (i as { id?: unknown } | null)?.id);
  return ids.every((id): id is string => typeof id === 'string') ? ids : undefined;
}

/** The triggers some alerts were raised by, once each, sorted. */
export const triggerIdsOfAlerts = (alerts: readonly AlertSummary[]): string[] =>
  [...new Set(alerts.map((a) => a.latest.trigger.id))].sort();

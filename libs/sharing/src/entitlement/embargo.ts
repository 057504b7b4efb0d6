import { DateTime, Duration } from 'luxon';
import { Period } from '@atalaya/contracts';
import { Entitlement } from './entitlement';

/**
 * When a period's figures may be shown under an entitlement: its embargo counted from the end of the
 * period's last day (UTC), or at once without one.
 */
export function embargoEndsAt(entitlement: Pick<Entitlement, 'embargo'>, period: Period): string | null {
  if (entitlement.embargo === undefined) return null;
  return DateTime.fromISO(period.end, { zone: 'utc' })
    .plus({ days: 1 })
    .plus(Duration.fromISO(entitlement.embargo))
    .toISO({ suppressMilliseconds: true })!;
}

/** Whether a period's figures are still under embargo at an instant. */
export function underEmbargo(entitlement: Pick<Entitlement, 'embargo'>, period: Period, at: string): boolean {
  const ends = embargoEndsAt(entitlement, period);
  return ends !== null && Date.parse(at) < Date.parse(ends);
}

import { CapRenderError } from './cap.error';

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[-+]\d\d:\d\d)$/;

/**
 * An ISO 8601 instant in CAP's dateTime form: in UTC, whole seconds, written `-00:00` as CAP 1.2 requires
 * (its schema allows neither `Z` nor fractions of a second).
 */
export function toCapDateTime(instant: string, what = 'instant'): string {
  const ms = Date.parse(instant);
  if (!ISO_INSTANT.test(instant) || Number.isNaN(ms)) {
    throw new CapRenderError(`${what} "${instant}" is not an ISO 8601 instant with an offset`);
  }
  return `${new Date(ms).toISOString().slice(0, 19)}-00:00`;
}

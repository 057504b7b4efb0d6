import type { AccessRecord } from '@atalaya/contracts';
import { GEOCODE_COUNTRY, renderCap } from '@atalaya/cap';
import type { RecordedEvent } from '@atalaya/persistence';
import { alertAsShown, publicViewer, type AlertContext, type SharingPolicies } from '@atalaya/sharing';

/** The identifier of the public CAP message about one alert event: stable, so a re-read is the same message. */
export const publicIdentifierOf = (eventId: string): string => `atalaya-public:${eventId}`;

/** The alert event a public identifier names, or undefined for one that is not a public identifier. */
export function eventIdOfPublic(identifier: string): string | undefined {
  const prefix = 'atalaya-public:';
  return identifier.startsWith(prefix) && identifier.length > prefix.length
    ? identifier.slice(prefix.length)
    : undefined;
}

/** The public's languages: the Declaration's two working languages of the region. */
const PUBLIC_LANGUAGES = ['en', 'es'] as const;

/**
 * One alert event as the public may read it: a `Public` CAP message, addressed to no one, with the figures
 * the reporting states share with the public for public reporting, after their embargo (docs/data-sharing.md),
 * and the access records of the figures it shows. Its area is the states, never a place.
 */
export function publicCap(
  recorded: RecordedEvent,
  policies: SharingPolicies,
  context: AlertContext,
  sender: string,
  now: string,
): { identifier: string; document: string; access: readonly AccessRecord[] } {
  const identifier = publicIdentifierOf(recorded.event.eventId);
  const shown = alertAsShown(policies, context, recorded.event, {
    viewer: publicViewer,
    purpose: 'public_reporting',
    channel: 'feed',
    resource: identifier,
    at: now,
  });
  const states = statesOf(recorded.event.seriesKey, shown.event.evidence.members ?? [], context);
  const document = renderCap({
    event: shown.event,
    identifier,
    sender,
    sent: recorded.recordedAt,
    recipient: null,
    references: [],
    languages: PUBLIC_LANGUAGES,
    area: {
      description: states.join(', ') || 'Americas',
      places: [],
      geocodes: states.map((value) => ({ valueName: GEOCODE_COUNTRY, value })),
    },
    actions: [],
  });
  return { identifier, document, access: shown.access };
}

/** The states an alert is about: its series' reporter, or its corridor members' countries. */
function statesOf(
  seriesKey: string,
  members: readonly { readonly place: string }[],
  context: AlertContext,
): string[] {
  const reporter = /^([A-Z]{3})\//.exec(seriesKey)?.[1];
  const countries = members.flatMap((m) => context.placeCountry(m.place) ?? []);
  return [...new Set(reporter ? [reporter] : countries)];
}

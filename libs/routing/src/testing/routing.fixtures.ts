import { AlertEvent } from '@atalaya/contracts';
import { alertContextOf, AlertContext, ContextLookups } from '../context/alert.context';

/** A small world for unit tests: two states on one corridor, a station off it, three triggers. */
export const levels: Readonly<Record<string, readonly string[]>> = {
  'darien-crossings-surge': ['watch', 'warning', 'emergency'],
  'darien-north-corridor': ['watch', 'warning', 'emergency'],
  'reporter-silent': ['watch', 'warning'],
};

const places: Record<string, { country: string; corridors: readonly string[] }> = {
  darien: { country: 'PAN', corridors: ['darien_north'] },
  lajas_blancas: { country: 'PAN', corridors: [] },
  tapachula: { country: 'MEX', corridors: ['darien_north'] },
};

export const lookups: ContextLookups = {
  place: (id) => {
    const p = places[id];
    return p
      ? ({ id, name: id, type: 'transit_point', country: p.country, corridors: p.corridors } as const)
      : undefined;
  },
  corridors: [
    {
      id: 'darien_north',
      name: 'Darién north',
      steps: [
        { place: 'darien', lagDays: 0 },
        { place: 'tapachula', lagDays: 30 },
      ],
    },
  ],
  levelsOf: (id) => levels[id],
};

export const DARIEN = 'PAN/irregular_crossings/PAN/PA-5/darien';
export const LAJAS = 'PAN/arrivals_transit/PAN/PA-EM/lajas_blancas';
export const TAPACHULA = 'MEX/irregular_migrants_presented/MEX/MX-CHP/tapachula';
export const CORRIDOR = 'corridor/darien_north';

/** An event of `trigger` on `seriesKey`; the alert id follows the series and trigger unless given. */
export function eventOf(
  seriesKey: string,
  fields: Partial<Omit<AlertEvent, 'trigger'>> & { trigger?: string } = {},
): AlertEvent {
  const trigger =
    fields.trigger ??
    (seriesKey.startsWith('corridor/')
      ? 'darien-north-corridor'
      : seriesKey.startsWith('silence/')
        ? 'reporter-silent'
        : 'darien-crossings-surge');
  const type = fields.type ?? 'firing';
  const level =
    fields.level !== undefined ? fields.level : type === 'resolved' || type === 'cancelled' ? null : 'watch';
  const alertId = fields.alertId ?? `alert-${trigger}-${seriesKey}`;
  return {
    eventId: fields.eventId ?? `${alertId}/${type}/${level ?? '-'}`,
    alertId,
    type,
    level,
    previousLevel: fields.previousLevel ?? (level === null ? 'watch' : null),
    severity: fields.severity ?? 'Moderate',
    urgency: fields.urgency ?? 'Expected',
    shadow: fields.shadow ?? false,
    trigger: { id: trigger, version: 1, title: trigger },
    seriesKey,
    evidence: fields.evidence ?? {
      value: 1,
      period: { start: '2024-01-01', end: '2024-01-31' },
      threshold: 1,
      comparison: 'above',
      signalId: 'signal-1',
    },
  };
}

export const contextOf = (seriesKey: string, fields: Parameters<typeof eventOf>[1] = {}): AlertContext =>
  alertContextOf(eventOf(seriesKey, fields), lookups);

export const T0 = '2024-03-01T12:00:00.000Z';

/** `T0` plus so many seconds. */
export const at = (seconds: number): string => new Date(Date.parse(T0) + seconds * 1000).toISOString();

import { AlertEvent, AlertEventType, severities } from '@atalaya/contracts';
import { Reference } from '@atalaya/reference';

/** What kind of series an alert is about: one reported series, a corridor composite, or a silent state. */
export const alertKinds = ['series', 'corridor', 'silence'] as const;
export type AlertKind = (typeof alertKinds)[number];

/**
 * What routing, inhibition and silences match on, derived once from an alert event and the reference data.
 * `states`, `places` and `corridors` are sets because a corridor alert concerns every state and place on its
 * route, and a place may lie on several corridors.
 */
export interface AlertContext {
  readonly alertId: string;
  readonly eventId: string;
  readonly type: AlertEventType;
  readonly kind: AlertKind;
  /** The state that reported the series (null for a corridor composite). */
  readonly reporter: string | null;
  /** The country the series was counted in (null for a corridor composite). */
  readonly country: string | null;
  readonly admin1: string | null;
  /** Every state the alert concerns: the reporter and country, or a corridor's countries. */
  readonly states: readonly string[];
  /** The series' place, or every step of a corridor. */
  readonly places: readonly string[];
  /** The corridor of a composite, or the corridors the series' place lies on. */
  readonly corridors: readonly string[];
  readonly indicator: string | null;
  readonly trigger: string;
  /** The level the event is at; for a resolution or withdrawal, the level it ends from. */
  readonly level: string | null;
  /** `level`'s position in the trigger's levels (0 = lowest), null when the catalogue does not list it. */
  readonly levelIndex: number | null;
  readonly severity: AlertEvent['severity'];
  readonly shadow: boolean;
}

/** What the context needs of the reference data and the trigger catalogue. */
export interface ContextLookups {
  readonly place: Reference['place'];
  readonly corridors: Reference['corridors'];
  /** The level names of a trigger, lowest first; undefined for a trigger the catalogue does not hold. */
  readonly levelsOf: (triggerId: string) => readonly string[] | undefined;
}

export class UnroutableEventError extends Error {
  constructor(
    readonly eventId: string,
    reason: string,
  ) {
    super(`alert event ${eventId} cannot be routed: ${reason}`);
    this.name = 'UnroutableEventError';
  }
}

const ISO3 = /^[A-Z]{3}$/;

/**
 * The context of an event. Series keys are `REPORTER/indicator/COUNTRY/admin1-or-dash/place-or-dash`
 * (`seriesKeyOf`; a ratio trigger's derived series keeps its numerator's key), `corridor/<id>` for corridor
 * composites and `silence/<ISO3>` for a state that stopped reporting. Any other key is refused: an event
 * nobody can place must not be routed by guesswork.
 */
export function alertContextOf(event: AlertEvent, lookups: ContextLookups): AlertContext {
  const parts = event.seriesKey.split('/');
  const where = whereOf(event, parts, lookups);
  const level = event.level ?? event.previousLevel;
  const index = level === null ? -1 : (lookups.levelsOf(event.trigger.id)?.indexOf(level) ?? -1);
  return {
    alertId: event.alertId,
    eventId: event.eventId,
    type: event.type,
    ...where,
    trigger: event.trigger.id,
    level,
    levelIndex: index >= 0 ? index : null,
    severity: event.severity,
    shadow: event.shadow,
  };
}

type Where = Pick<
  AlertContext,
  'kind' | 'reporter' | 'country' | 'admin1' | 'states' | 'places' | 'corridors' | 'indicator'
>;

function whereOf(event: AlertEvent, parts: string[], lookups: ContextLookups): Where {
  if (parts.length === 2 && parts[0] === 'corridor') return corridorWhere(event, parts[1], lookups);
  if (parts.length === 2 && parts[0] === 'silence' && ISO3.test(parts[1])) {
    const state = parts[1];
    return {
      kind: 'silence',
      reporter: state,
      country: state,
      admin1: null,
      states: [state],
      places: [],
      corridors: [],
      indicator: null,
    };
  }
  if (parts.length === 5 && ISO3.test(parts[0]) && ISO3.test(parts[2])) {
    const [reporter, indicator, country, admin1, place] = parts;
    const known = place === '-' ? undefined : lookups.place(place);
    if (place !== '-' && !known) throw new UnroutableEventError(event.eventId, `unknown place "${place}"`);
    return {
      kind: 'series',
      reporter,
      country,
      admin1: admin1 === '-' ? null : admin1,
      states: unique([reporter, country]),
      places: place === '-' ? [] : [place],
      corridors: known ? [...known.corridors] : [],
      indicator,
    };
  }
  throw new UnroutableEventError(
    event.eventId,
    `series key "${event.seriesKey}" is neither REPORTER/indicator/COUNTRY/admin1/place, corridor/<id> nor silence/<ISO3>`,
  );
}

function corridorWhere(event: AlertEvent, id: string, lookups: ContextLookups): Where {
  const corridor = lookups.corridors.find((c) => c.id === id);
  if (!corridor) throw new UnroutableEventError(event.eventId, `unknown corridor "${id}"`);
  const places = corridor.steps.map((s) => s.place);
  const states = places.map((p) => lookups.place(p)?.country).filter((c): c is string => c !== undefined);
  return {
    kind: 'corridor',
    reporter: null,
    country: null,
    admin1: null,
    states: unique(states),
    places,
    corridors: [id],
    indicator: null,
  };
}

const unique = (values: readonly string[]): string[] => [...new Set(values)];

/** CAP severities from the least to the most severe (`Unknown` below them all). */
export const severityRank = (s: AlertEvent['severity']): number => [...severities].reverse().indexOf(s);

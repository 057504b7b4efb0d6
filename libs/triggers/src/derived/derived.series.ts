import { seriesKeyOf } from '@atalaya/contracts';
import { CorridorStep } from '@atalaya/reference';
import { CorridorCompositeCondition, RatioCondition, Trigger } from '../catalogue/trigger.schema';
import { byCodeUnits } from '../evaluation/order';
import { EvaluatedObservation } from '../evaluation/types';

/**
 * Conditions measured across several series. Their triggers are not run on the observations themselves but
 * on a series derived from them (a ratio per place, a count of members per corridor), rebuilt whole from
 * the member series each time one of them moves, so late and revised figures count like any other.
 */
export type DerivedTrigger = Trigger & { condition: RatioCondition | CorridorCompositeCondition };

export function isDerived(trigger: Trigger): trigger is DerivedTrigger {
  return trigger.condition.type === 'ratio' || trigger.condition.type === 'corridor_composite';
}

/**
 * Whether the trigger steps through each series it applies to, observation by observation: every condition
 * but the derived ones (ratio, corridor) and no-data, which the engine's clock moves.
 */
export function isPerSeries(trigger: Trigger): boolean {
  return !isDerived(trigger) && trigger.condition.type !== 'no_data';
}

/** Whether an observation is one of the series a derived trigger is built from. */
export function feeds(trigger: DerivedTrigger, obs: EvaluatedObservation): boolean {
  const c = trigger.condition;
  if (c.type === 'ratio') return obs.indicator === c.numerator || obs.indicator === c.denominator;
  return c.members.some((m) => m.place === obs.location.place && m.indicator === obs.indicator);
}

/** The derived series an observation of a member series moves. */
export function derivedKeyOf(trigger: DerivedTrigger, obs: EvaluatedObservation): string {
  const c = trigger.condition;
  return c.type === 'ratio' ? ratioMemberKeys(c, obs)[0] : `corridor/${c.corridor}`;
}

/** The stored series a ratio at an observation's place is built from: its numerator's and denominator's. */
export function ratioMemberKeys(condition: RatioCondition, obs: EvaluatedObservation): [string, string] {
  return [
    seriesKeyOf({ ...obs, indicator: condition.numerator }),
    seriesKeyOf({ ...obs, indicator: condition.denominator }),
  ];
}

/**
 * The derived series of a trigger from the observations of its member series (latest revisions, any order).
 * Corridor composites need the corridor's steps for their lags.
 */
export function deriveSeries(
  trigger: DerivedTrigger,
  observations: readonly EvaluatedObservation[],
  corridorSteps: (corridor: string) => readonly CorridorStep[] | undefined,
): EvaluatedObservation[] {
  const c = trigger.condition;
  const members = observations.filter((o) => feeds(trigger, o));
  if (c.type === 'ratio') return ratioSeries(c, members);
  const steps = corridorSteps(c.corridor);
  if (!steps) throw new Error(`trigger ${trigger.id}: corridor ${c.corridor} is not in corridors.yaml`);
  return corridorSeries(c, steps, members);
}

const DAY_MS = 86_400_000;
const dayOf = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
const byPeriod = (a: EvaluatedObservation, b: EvaluatedObservation) =>
  byCodeUnits(a.period.start, b.period.start);

/**
 * Numerator ÷ denominator per place, at each numerator period, against the latest denominator figure at or
 * before it. The evidence keeps the numerator's own figure as `value`, the denominator as `baseline`, and the
 * days until the denominator is reached at the net inflow of the last `inflowWindow` periods, when rising.
 */
export function ratioSeries(
  condition: RatioCondition,
  observations: readonly EvaluatedObservation[],
): EvaluatedObservation[] {
  const places = new Map<string, { num: EvaluatedObservation[]; den: EvaluatedObservation[] }>();
  for (const o of observations) {
    const key = seriesKeyOf({ ...o, indicator: condition.numerator });
    const place = places.get(key) ?? { num: [], den: [] };
    places.set(key, place);
    (o.indicator === condition.numerator ? place.num : place.den).push(o);
  }
  const out: EvaluatedObservation[] = [];
  for (const { num, den } of places.values()) {
    num.sort(byPeriod);
    den.sort(byPeriod);
    let d = -1;
    num.forEach((n, i) => {
      while (d + 1 < den.length && den[d + 1].period.start <= n.period.start) d += 1;
      const capacity = d >= 0 ? den[d].value : 0;
      if (capacity <= 0) return;
      const daysToFull = projectedDaysToFull(num[i - condition.inflowWindow], n, capacity);
      out.push({
        ...n,
        value: n.value / capacity,
        evidence: {
          value: n.value,
          baseline: capacity,
          ...(daysToFull === undefined ? {} : { daysToFull }),
        },
      });
    });
  }
  return out;
}

function projectedDaysToFull(
  earlier: EvaluatedObservation | undefined,
  now: EvaluatedObservation,
  capacity: number,
): number | undefined {
  if (!earlier) return undefined;
  const days = dayOf(now.period.start) - dayOf(earlier.period.start);
  const inflowPerDay = (now.value - earlier.value) / days;
  if (!(inflowPerDay > 0)) return undefined;
  return Math.round(Math.max(0, (capacity - now.value) / inflowPerDay) * 10) / 10;
}

/** Each corridor step's travel time to the corridor's last step, in days. */
export function lagsToEnd(steps: readonly CorridorStep[]): Map<string, number> {
  let remaining = steps.reduce((sum, s) => sum + s.lagDays, 0);
  return new Map(
    steps.map((s) => {
      remaining -= s.lagDays;
      return [s.place, remaining];
    }),
  );
}

/**
 * How many member places have a surge in play: one that reached the member's level no more than
 * `windowDays` ago, or whose people are still on their way to the corridor's end, so a surge at the Darién
 * keeps counting while it travels north. A surge at `t` at a place `lag` days from the end counts at every
 * point from `t` until `t + lag + windowDays`. One point per period any member reported for; a report only
 * moves points at or after its own period, so members of one month arriving in any order agree on the past.
 * The evidence lists the members that counted, each with its own period and its travel time to the end.
 */
export function corridorSeries(
  condition: CorridorCompositeCondition,
  steps: readonly CorridorStep[],
  observations: readonly EvaluatedObservation[],
): EvaluatedObservation[] {
  const lags = lagsToEnd(steps);
  const sorted = [...observations].sort((a, b) => byPeriod(a, b) || byCodeUnits(a.seriesKey, b.seriesKey));
  const hits = sorted.flatMap((o) => {
    const member = condition.members.find((m) => m.place === o.location.place && m.indicator === o.indicator);
    if (!member || o.value < member.above) return [];
    const lagDays = lags.get(member.place) ?? 0;
    return [
      {
        o,
        lagDays,
        from: dayOf(o.period.start),
        until: dayOf(o.period.start) + lagDays + condition.windowDays,
      },
    ];
  });
  const out: EvaluatedObservation[] = [];
  sorted.forEach((point, i) => {
    if (sorted[i + 1]?.period.start === point.period.start) return;
    const day = dayOf(point.period.start);
    const counted = new Map<string, (typeof hits)[number]>();
    for (const h of hits) {
      if (h.from <= day && day < h.until) counted.set(h.o.location.place ?? '', h);
    }
    out.push({
      ...point,
      seriesKey: `corridor/${condition.corridor}`,
      value: counted.size,
      evidence: {
        members: [...counted.values()]
          .sort((a, b) => byCodeUnits(a.o.location.place ?? '', b.o.location.place ?? ''))
          .map((h) => ({
            place: h.o.location.place ?? '',
            indicator: h.o.indicator,
            value: h.o.value,
            period: h.o.period,
            lagDays: h.lagDays,
          })),
      },
    });
  });
  return out;
}

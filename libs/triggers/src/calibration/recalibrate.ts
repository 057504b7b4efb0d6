import { Level, Override, Trigger } from '../catalogue/trigger.schema';
import { compile } from '../evaluation/compiled.trigger';
import { measureOf, remember } from '../evaluation/measure';
import { byCodeUnits } from '../evaluation/order';
import { EvaluatedObservation } from '../evaluation/types';
import { CalibrationSettings, defaultCalibration } from './calibration.settings';
import { percentile } from './quantile';
import { floorToFigures, floorToStep, stepAboveFigures } from './rounding';

/** The months a recalibration as of a month reads: the trailing years before it, the as-of month excluded. */
export interface CalibrationWindow {
  /** First day of the first month read. */
  readonly from: string;
  /** First day of the as-of month: nothing from it on is read. */
  readonly until: string;
}

/** How one set of levels was set: from which series, how many values, and each level's percentile. */
export interface CalibrationBasis {
  /** The state whose own levels these are (an override); undefined for the trigger's own. */
  readonly state?: string;
  readonly seriesKeys: readonly string[];
  readonly values: number;
  readonly levels: readonly {
    readonly name: string;
    readonly percentile: number;
    /** The percentile before rounding. */
    readonly quantile: number;
    readonly above: number;
    readonly clearBelow: number;
  }[];
}

export interface Recalibrated {
  readonly triggerId: string;
  readonly from: Trigger;
  /** The new version: `status: proposed`, in force from the as-of month once adopted. */
  readonly to: Trigger;
  /** Whether any level, override or member threshold differs from the version it recalibrates. */
  readonly changed: boolean;
  readonly basis: readonly CalibrationBasis[];
  /** A corridor composite's members: the national level each follows, and its threshold before and after. */
  readonly followed?: readonly FollowedLevel[];
}

export interface FollowedLevel {
  readonly place: string;
  readonly indicator: string;
  readonly triggerId: string;
  readonly level: string;
  readonly from: number;
  readonly to: number;
}

export interface NotRecalibrated {
  readonly triggerId: string;
  readonly reason: string;
  /** The method calibrates triggers of this kind, but this one lacked the figures in the window. */
  readonly calibrates: boolean;
}

export interface Recalibration {
  readonly asOf: string;
  readonly window: CalibrationWindow;
  readonly settings: CalibrationSettings;
  readonly proposals: readonly Recalibrated[];
  readonly skipped: readonly NotRecalibrated[];
}

/** The window of a recalibration as of `asOf` (YYYY-MM) over the trailing `years`. */
export function calibrationWindow(asOf: string, years: number): CalibrationWindow {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(asOf)) {
    throw new RangeError(`the as-of month must be YYYY-MM, e.g. 2024-01, not "${asOf}"`);
  }
  if (!Number.isInteger(years) || years < 1) {
    throw new RangeError(`a recalibration reads one or more whole years, not ${years}`);
  }
  const year = Number(asOf.slice(0, 4));
  return { from: `${year - years}${asOf.slice(4)}-01`, until: `${asOf}-01` };
}

/**
 * A new version of each trigger of the catalogue that the method can recalibrate, with its levels set from
 * the history in the trailing window before `asOf` (docs/catalogue.md, "Calibration"):
 *
 * - a threshold trigger on one series: its levels at the settings' percentiles of the series' figures,
 *   rounded down to two significant figures, each clearing at 80% of itself;
 * - a rolling-high trigger: its levels at the percentiles of its own measure over every series it watches,
 *   pooled, rounded down to 0.05, the lowest clearing at 1.0 and each other at the level below; a state with
 *   36 measures of its own gets its own levels as an override;
 * - a corridor composite: each member's threshold follows the level of the member's own national trigger it
 *   was set to, as recalibrated in the same run.
 *
 * Only the window is read: nothing from the as-of month on. A declared series break restarts the figures a
 * trigger is calibrated on, as it restarts the trigger's baseline. Other triggers keep their version.
 */
export function recalibrate(
  triggers: readonly Trigger[],
  history: readonly EvaluatedObservation[],
  asOf: string,
  settings: CalibrationSettings = defaultCalibration,
): Recalibration {
  const window = calibrationWindow(asOf, settings.years);
  const inWindow = history.filter((o) => o.period.start >= window.from && o.period.start < window.until);
  const proposals: Recalibrated[] = [];
  const skipped: NotRecalibrated[] = [];
  const settle = (t: Trigger, outcome: Outcome) => {
    if ('reason' in outcome) skipped.push({ triggerId: t.id, ...outcome });
    else proposals.push(proposalOf(t, outcome, window));
  };
  for (const t of triggers.filter((t) => t.condition.type !== 'corridor_composite')) {
    settle(t, levelsOf(t, seriesOf(t, inWindow), settings));
  }
  for (const t of triggers.filter((t) => t.condition.type === 'corridor_composite')) {
    settle(t, membersOf(t, triggers, proposals, inWindow));
  }
  const order = new Map(triggers.map((t, i) => [t.id, i]));
  proposals.sort((a, b) => (order.get(a.triggerId) ?? 0) - (order.get(b.triggerId) ?? 0));
  return { asOf, window, settings, proposals, skipped };
}

type Outcome =
  | { readonly reason: string; readonly calibrates: boolean }
  | {
      readonly changes: Partial<Trigger>;
      readonly basis: CalibrationBasis[];
      readonly followed?: FollowedLevel[];
    };

/** The sentence a recalibration adds to a description, replaced by the next recalibration's. */
const RECALIBRATED = /\s*Recalibrated as of \d{4}-\d{2} on .*$/s;

function proposalOf(
  t: Trigger,
  outcome: Extract<Outcome, { changes: unknown }>,
  window: CalibrationWindow,
): Recalibrated {
  const asOf = window.until.slice(0, 7);
  const said = `Recalibrated as of ${asOf} on the figures from ${window.from.slice(0, 7)} (docs/catalogue.md, "Calibration").`;
  const kept = (t.description ?? '').replace(RECALIBRATED, '');
  const to: Trigger = {
    ...t,
    ...outcome.changes,
    description: kept === '' ? said : `${kept} ${said}`,
    version: t.version + 1,
    status: 'proposed',
    effective: { from: window.until },
  };
  const changed = JSON.stringify(thresholdsOf(t)) !== JSON.stringify(thresholdsOf(to));
  return {
    triggerId: t.id,
    from: t,
    to,
    changed,
    basis: outcome.basis,
    ...(outcome.followed ? { followed: outcome.followed } : {}),
  };
}

/** The figures of each series a trigger watches in the window, in period order, from its last break on. */
function seriesOf(
  t: Trigger,
  observations: readonly EvaluatedObservation[],
): Map<string, EvaluatedObservation[]> {
  const compiled = compile(t);
  const bySeries = new Map<string, EvaluatedObservation[]>();
  for (const o of observations) {
    if (!compiled.covers(o)) continue;
    bySeries.set(o.seriesKey, [...(bySeries.get(o.seriesKey) ?? []), o]);
  }
  for (const [key, series] of bySeries) {
    series.sort((a, b) => byCodeUnits(a.period.start, b.period.start));
    const lastBreak = series.map((o) => o.seriesBreak !== undefined).lastIndexOf(true);
    bySeries.set(key, lastBreak > 0 ? series.slice(lastBreak) : series);
  }
  return new Map([...bySeries].sort(([a], [b]) => byCodeUnits(a, b)));
}

function levelsOf(
  t: Trigger,
  series: ReadonlyMap<string, readonly EvaluatedObservation[]>,
  settings: CalibrationSettings,
): Outcome {
  if (t.levels.length > settings.percentiles.length) {
    return {
      reason: `it has ${t.levels.length} levels; the method sets at most ${settings.percentiles.length}`,
      calibrates: false,
    };
  }
  const percentiles = settings.percentiles.slice(-t.levels.length);
  switch (t.condition.type) {
    case 'threshold':
      return absoluteLevels(t, series, percentiles, settings);
    case 'rolling_high':
      return relativeLevels(t, series, percentiles, settings);
    default:
      return { reason: `the method does not calibrate ${t.condition.type} conditions`, calibrates: false };
  }
}

function absoluteLevels(
  t: Trigger,
  series: ReadonlyMap<string, readonly EvaluatedObservation[]>,
  percentiles: readonly number[],
  settings: CalibrationSettings,
): Outcome {
  if (series.size !== 1) {
    return series.size === 0
      ? { reason: 'no series of its scope has figures in the window', calibrates: true }
      : {
          reason: `its scope covers ${series.size} series; absolute levels are set on one series`,
          calibrates: false,
        };
  }
  const [[seriesKey, observations]] = [...series];
  const values = observations.map((o) => o.value);
  if (values.length < settings.minValues) {
    return {
      reason: `${values.length} months in the window, fewer than the ${settings.minValues} needed`,
      calibrates: true,
    };
  }
  const quantiles = percentiles.map((p) => percentile(values, p));
  const above = increasing(
    quantiles.map((q) => floorToFigures(q, settings.figures)),
    (v) => stepAboveFigures(v, settings.figures),
  );
  const clears = above.map((a) => floorToFigures(a * settings.clearFraction, settings.figures));
  const basis: CalibrationBasis = {
    seriesKeys: [seriesKey],
    values: values.length,
    levels: basisLevels(t.levels, { percentiles, quantiles, above, clears }),
  };
  return { changes: { levels: withThresholds(t.levels, above, clears) }, basis: [basis] };
}

function relativeLevels(
  t: Trigger,
  series: ReadonlyMap<string, readonly EvaluatedObservation[]>,
  percentiles: readonly number[],
  settings: CalibrationSettings,
): Outcome {
  const measures = [...series].map(([key, observations]) => ({
    key,
    country: observations[0].location.country,
    values: measuresOf(t, observations),
  }));
  const pooled = measures.flatMap((m) => m.values);
  if (pooled.length < settings.minValues) {
    return {
      reason: `${pooled.length} measures in the window, fewer than the ${settings.minValues} needed`,
      calibrates: true,
    };
  }
  const own = (values: readonly number[], keys: readonly string[], state?: string): CalibrationBasis => {
    const quantiles = percentiles.map((p) => percentile(values, p));
    const step = settings.relativeStep;
    const floor = settings.relativeFloor + step;
    const above = increasing(
      quantiles.map((q) => Math.max(floor, floorToStep(q, step))),
      (v) => floorToStep(v + step, step),
    );
    const clears = above.map((_, i) => (i === 0 ? settings.relativeFloor : above[i - 1]));
    return {
      ...(state ? { state } : {}),
      seriesKeys: keys,
      values: values.length,
      levels: basisLevels(t.levels, { percentiles, quantiles, above, clears }),
    };
  };
  const general = own(
    pooled,
    measures.map((m) => m.key),
  );
  const states = [...new Set(measures.map((m) => m.country))].sort(byCodeUnits);
  const overridden = states.flatMap((state) => {
    const mine = measures.filter((m) => m.country === state);
    const values = mine.flatMap((m) => m.values);
    if (
      values.length < settings.ownLevelsFrom ||
      t.overrides.some((o) => o.state === state && 'optOut' in o)
    ) {
      return [];
    }
    return [
      own(
        values,
        mine.map((m) => m.key),
        state,
      ),
    ];
  });
  const overrides: Override[] = [
    ...t.overrides.filter((o) => 'optOut' in o),
    ...overridden.map((b) => ({
      state: b.state as string,
      levels: Object.fromEntries(b.levels.map((l) => [l.name, { above: l.above, clearBelow: l.clearBelow }])),
      note: `percentiles ${b.levels.map((l) => l.percentile).join(' and ')} of ${b.state}'s own measure, ${b.values} months`,
    })),
  ].sort((a, b) => placeOf(t, a.state) - placeOf(t, b.state) || byCodeUnits(a.state, b.state));
  return {
    changes: {
      levels: withThresholds(
        t.levels,
        general.levels.map((l) => l.above),
        general.levels.map((l) => l.clearBelow),
      ),
      overrides,
    },
    basis: [general, ...overridden],
  };
}

/** The trigger's measure of one series at each figure whose inputs all lie in the window. */
function measuresOf(t: Trigger, observations: readonly EvaluatedObservation[]): number[] {
  let history: readonly number[] = [];
  const values: number[] = [];
  for (const o of observations) {
    const measured = measureOf(t.condition, history, o.value);
    if (measured) values.push(measured.measure);
    history = remember(t.condition, history, o.value);
  }
  return values;
}

/**
 * A corridor's member thresholds follow the national triggers: a member set to a level of the trigger that
 * watches its place and indicator moves with that level's recalibration.
 */
function membersOf(
  t: Trigger,
  triggers: readonly Trigger[],
  proposals: readonly Recalibrated[],
  observations: readonly EvaluatedObservation[],
): Outcome {
  if (t.condition.type !== 'corridor_composite')
    return { reason: 'not a corridor composite', calibrates: false };
  const members = t.condition.members.map((m) => {
    const sample = observations.find((o) => o.location.place === m.place && o.indicator === m.indicator);
    const national =
      sample && triggers.find((n) => n.condition.type === 'threshold' && compile(n).covers(sample));
    const level = national?.levels.find((l) => l.above === m.above);
    const recalibrated = proposals.find((p) => p.triggerId === national?.id);
    const above = recalibrated?.to.levels.find((l) => l.name === level?.name)?.above;
    return { member: m, above, national: national?.id, level: level?.name };
  });
  const unmatched = members.find((m) => m.above === undefined);
  if (unmatched) {
    const { place, indicator } = unmatched.member;
    return {
      calibrates: true,
      reason:
        `member ${place}/${indicator} follows no recalibrated level of a national trigger ` +
        '(no figures in the window, no threshold trigger watching it, or none of its levels at the member’s threshold)',
    };
  }
  return {
    changes: {
      condition: { ...t.condition, members: members.map((m) => ({ ...m.member, above: m.above as number })) },
    },
    basis: [],
    followed: members.map((m) => ({
      place: m.member.place,
      indicator: m.member.indicator,
      triggerId: m.national as string,
      level: m.level as string,
      from: m.member.above,
      to: m.above as number,
    })),
  };
}

/** Each level's basis: the percentile it sits at, its value before rounding, and the level set from it. */
function basisLevels(
  levels: readonly Level[],
  set: {
    readonly percentiles: readonly number[];
    readonly quantiles: readonly number[];
    readonly above: readonly number[];
    readonly clears: readonly number[];
  },
): CalibrationBasis['levels'] {
  return levels.map((l, i) => ({
    name: l.name,
    percentile: set.percentiles[i],
    quantile: set.quantiles[i],
    above: set.above[i],
    clearBelow: set.clears[i],
  }));
}

/** Levels strictly increasing, as a catalogue requires: a level rounded onto the one below moves one step up. */
function increasing(values: readonly number[], stepUp: (v: number) => number): number[] {
  const out: number[] = [];
  values.forEach((v, i) => out.push(i > 0 && v <= out[i - 1] ? stepUp(out[i - 1]) : v));
  return out;
}

function withThresholds(
  levels: readonly Level[],
  above: readonly number[],
  clears: readonly number[],
): Level[] {
  return levels.map((l, i) => ({ ...l, above: above[i], clearBelow: Math.min(clears[i], above[i]) }));
}

/** What a recalibration may change, notes left out. */
function thresholdsOf(t: Trigger): unknown {
  return [t.levels, t.overrides.map(({ note: _note, ...o }) => o), t.condition];
}

/** Where a state's override stands in the trigger: a recalibration keeps the order negotiators wrote. */
function placeOf(t: Trigger, state: string): number {
  const at = t.overrides.findIndex((o) => o.state === state);
  return at < 0 ? t.overrides.length : at;
}

import { Period, SignalLocation } from '@atalaya/contracts';
import { underEmbargo, embargoEndsAt } from '../entitlement/embargo';
import { entitlementOf, Refusal } from '../entitlement/entitlement';
import { SharingRequest } from '../entitlement/viewer';
import { SharedGranularity, SharingPolicies } from '../policy/policy.schema';
import { shareBreakdowns } from './breakdown';
import {
  AppliedEntitlement,
  Figure,
  Omission,
  PlaceLookup,
  SharedFigure,
  SharedFigures,
} from './figure.types';

/**
 * What a viewer may see of some figures, for a purpose, at an instant: each reporter's indicator under its
 * entitlement, figures under embargo left out, the rest added up to the granularity allowed (place →
 * admin-1 → country, with the place registry's admin-1), their breakdowns suppressed; every omission with its
 * reason. Pass the latest revision of each series and period: revisions are not told apart here.
 */
export function shareFigures(
  policies: SharingPolicies,
  request: SharingRequest,
  figures: readonly Figure[],
  places: PlaceLookup,
): SharedFigures {
  const shared: SharedFigure[] = [];
  const omissions: Omission[] = [];
  const entitlements: AppliedEntitlement[] = [];
  for (const group of groupBy(figures, (f) => `${f.reporter}|${f.indicator}`)) {
    const { reporter, indicator } = group[0];
    const outcome = entitlementOf(policies, request.viewer, reporter, indicator, request.purpose, request.at);
    entitlements.push({ reporter, indicator, outcome });
    if (!outcome.granted) {
      omissions.push(refused(outcome, reporter, indicator, group.length));
      continue;
    }
    const open: Figure[] = [];
    for (const byPeriod of groupBy(group, (f) => periodKey(f.period))) {
      if (underEmbargo(outcome, byPeriod[0].period, request.at))
        omissions.push({
          reason: 'embargoed',
          reporter,
          indicator,
          period: byPeriod[0].period,
          figures: byPeriod.length,
          policy: outcome.policy,
          message: `under embargo until ${embargoEndsAt(outcome, byPeriod[0].period)}`,
        });
      else open.push(...byPeriod);
    }
    const { units, unlocated } = unitsOf(open, outcome.granularity, places);
    for (const f of unlocated)
      omissions.push({
        reason: 'not-locatable',
        reporter,
        indicator,
        location: f.location,
        period: f.period,
        figures: 1,
        policy: outcome.policy,
        message: `${f.location.place} lies in no single admin-1 subdivision: its figure counts only in the national one`,
      });
    for (const unit of units) {
      const { breakdowns, omissions: cells } = unit.linked
        ? linkedBreakdowns(unit.members)
        : shareBreakdowns(
            unit.members.map((f) => f.disaggregation),
            outcome.disaggregations,
          );
      shared.push({
        reporter,
        indicator,
        granularity: outcome.granularity,
        location: unit.location,
        period: unit.period,
        value: unit.members.reduce((sum, f) => sum + f.value, 0),
        aggregatedFrom: unit.members.length,
        breakdowns,
        ...(outcome.retention !== undefined && { retention: outcome.retention }),
        policy: outcome.policy,
      });
      for (const o of cells)
        omissions.push({
          ...o,
          reporter,
          indicator,
          location: unit.location,
          period: unit.period,
          policy: outcome.policy,
        });
    }
  }
  return { figures: shared, omissions, entitlements };
}

function linkedBreakdowns(members: readonly Figure[]): ReturnType<typeof shareBreakdowns> {
  const broken = members.some((f) => (f.disaggregation ?? []).length > 0);
  return {
    breakdowns: [],
    omissions: broken
      ? [
          {
            reason: 'breakdown-linked',
            message:
              'shown beside the finer figures it is made of, this figure carries no breakdown: set against ' +
              'theirs, it could uncover their hidden cells',
          },
        ]
      : [],
  };
}

function refused(refusal: Refusal, reporter: string, indicator: string, figures: number): Omission {
  return {
    reason: refusal.reason,
    message: refusal.message,
    reporter,
    indicator,
    figures,
    ...(refusal.policy && { policy: refusal.policy }),
  };
}

interface Unit {
  readonly location: SignalLocation;
  readonly period: Period;
  readonly members: readonly Figure[];
  /** Shown beside finer figures of the same figures, so shown without breakdowns. */
  readonly linked?: boolean;
}

type Level = 'place' | 'admin1' | 'national';

/**
 * The figures added up to a granularity. Within an admin-1 or a country, figures the reporter gave at that
 * level itself stand for it, and the finer ones are not added to them (they are part of it); where it gave
 * none, the finer ones are added up. A country's figure is built from its admin-1 figures so built, plus its
 * places in no single admin-1. A figure shown beside finer ones it is made of (a national figure beside
 * admin-1 or place figures) is `linked`: shown without breakdowns, which could be set against the finer
 * figures' to uncover their hidden cells.
 */
function unitsOf(
  figures: readonly Figure[],
  granularity: SharedGranularity,
  places: PlaceLookup,
): { units: Unit[]; unlocated: Figure[] } {
  const admin1Of = (f: Figure) => admin1OfFigure(f, places);
  const isPartOf = (part: Figure, whole: Figure) =>
    levelOf(part) !== levelOf(whole) &&
    (levelOf(whole) === 'national' ||
      (levelOf(part) === 'place' && admin1Of(part) === whole.location.admin1));
  if (granularity === 'place') {
    const units = groupBy(figures, (f) => `${f.location.country}|${periodKey(f.period)}`).flatMap((group) =>
      group.map((f) => ({
        location: f.location,
        period: f.period,
        members: [f],
        linked: group.some((part) => isPartOf(part, f)),
      })),
    );
    return { units, unlocated: [] };
  }
  const standing = (members: readonly Figure[], level: Level) => {
    const own = members.filter((f) => levelOf(f) === level);
    return own.length > 0 ? own : members;
  };
  const units: Unit[] = [];
  const unlocated: Figure[] = [];
  for (const group of groupBy(figures, (f) => `${f.location.country}|${periodKey(f.period)}`)) {
    const { country } = group[0].location;
    const period = group[0].period;
    const located = group.filter((f) => levelOf(f) !== 'national' && admin1Of(f) !== undefined);
    const byAdmin1 = groupBy(located, (f) => admin1Of(f)!).map((members) => standing(members, 'admin1'));
    const spanning = group.filter((f) => levelOf(f) === 'place' && admin1Of(f) === undefined);
    const national = group.filter((f) => levelOf(f) === 'national');
    const whole = national.length > 0 ? national : [...byAdmin1.flat(), ...spanning];
    if (granularity === 'admin1') {
      for (const members of byAdmin1)
        units.push({ location: { country, admin1: admin1Of(members[0])! }, period, members });
      // A national figure is coarser, so allowed too; beside its admin-1 parts it is `linked`.
      if (national.length > 0 || spanning.length > 0)
        units.push({ location: { country }, period, members: whole, linked: byAdmin1.length > 0 });
      unlocated.push(...spanning);
    } else units.push({ location: { country }, period, members: whole });
  }
  return { units, unlocated };
}

const levelOf = (f: Figure): Level =>
  f.location.place ? 'place' : f.location.admin1 ? 'admin1' : 'national';

const admin1OfFigure = (f: Figure, places: PlaceLookup): string | undefined =>
  f.location.admin1 ?? (f.location.place ? places(f.location.place)?.admin1 : undefined);

const periodKey = (p: Period) => `${p.start}/${p.end}`;

function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}

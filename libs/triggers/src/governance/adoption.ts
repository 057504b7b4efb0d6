import { Reference } from '@atalaya/reference';
import { Trigger } from '../catalogue/trigger.schema';
import { Endorsement } from './governance.types';

/** What the territory rule needs of the reference data: the places' countries and the corridors' steps. */
export type TerritoryReference = Pick<Reference, 'place' | 'corridors'>;

/** Where a proposed version stands against its endorsement rule. */
export interface Adoption {
  readonly rule: Trigger['endorsement'];
  /** The states whose endorsement adopts it. */
  readonly required: readonly string[];
  readonly endorsed: readonly string[];
  readonly objected: readonly string[];
  /** Required states that have not endorsed it: silent, or objecting. */
  readonly outstanding: readonly string[];
  readonly adopted: boolean;
  /** Set when no state is required, so that no endorsement can ever adopt it. */
  readonly never?: string;
}

/**
 * The states whose territory a trigger covers: its `scope.reporters`, the countries of its `scope.places`,
 * or, for a corridor composite, the countries of the corridor's steps; null when it watches every state.
 */
export function territoryOf(trigger: Trigger, reference: TerritoryReference): readonly string[] | null {
  const c = trigger.condition;
  if (c.type === 'corridor_composite') {
    const corridor = reference.corridors.find((k) => k.id === c.corridor);
    const places = corridor?.steps.map((s) => s.place) ?? c.members.map((m) => m.place);
    return countriesOf(places, reference);
  }
  if (trigger.scope.reporters) return [...new Set(trigger.scope.reporters)];
  if (trigger.scope.places) return countriesOf(trigger.scope.places, reference);
  return null;
}

/**
 * The states whose endorsement adopts a version: all of `agreedBy` (rule `all`), or those of `agreedBy`
 * whose territory the trigger covers (rule `territory`; all of `agreedBy` for a trigger that watches every
 * state).
 */
export function requiredStates(trigger: Trigger, reference: TerritoryReference): readonly string[] {
  if (trigger.endorsement === 'all') return [...new Set(trigger.agreedBy)];
  const territory = territoryOf(trigger, reference);
  return [...new Set(trigger.agreedBy)].filter((s) => territory === null || territory.includes(s));
}

/**
 * Whether a proposed version is adopted by the stances recorded on it (the current one of each state): it is
 * once every required state endorses it. An objection holds it until that state endorses instead.
 */
export function adoptionOf(
  trigger: Trigger,
  endorsements: readonly Endorsement[],
  reference: TerritoryReference,
): Adoption {
  const required = requiredStates(trigger, reference);
  const stanceOf = new Map(endorsements.map((e) => [e.state, e.stance]));
  const endorsed = trigger.agreedBy.filter((s) => stanceOf.get(s) === 'endorse');
  const objected = trigger.agreedBy.filter((s) => stanceOf.get(s) === 'object');
  const outstanding = required.filter((s) => stanceOf.get(s) !== 'endorse');
  const base = { rule: trigger.endorsement, required, endorsed, objected, outstanding };
  if (required.length > 0) return { ...base, adopted: outstanding.length === 0 };
  return { ...base, adopted: false, never: neverAdopted(trigger) };
}

function neverAdopted(trigger: Trigger): string {
  if (trigger.agreedBy.length === 0) {
    return 'agreedBy is empty: no state can endorse it, so it can never be adopted; list the states it is put to';
  }
  return (
    `endorsement: territory, but none of agreedBy (${trigger.agreedBy.join(', ')}) is a state whose territory ` +
    'the trigger covers: it can never be adopted; add those states to agreedBy or use endorsement: all'
  );
}

function countriesOf(places: readonly string[], reference: TerritoryReference): readonly string[] {
  const countries = places.map((p) => reference.place(p)?.country).filter((c) => c !== undefined);
  return [...new Set(countries)];
}

/** Why a state may not take a stance on a version: only the states it is put to (`agreedBy`) may. */
export function stanceRefusal(trigger: Trigger, state: string): string | undefined {
  if (trigger.agreedBy.includes(state)) return undefined;
  return (
    `${state} is not among the states ${trigger.id}@${trigger.version} is put to ` +
    `(agreedBy: ${trigger.agreedBy.join(', ')}): only they endorse or object to it`
  );
}

import { AlertEvent } from '@atalaya/contracts';
import { evaluate } from './evaluator';
import { reconcile } from './reconcile';
import { initialState, type EvaluatedObservation, type TriggerState } from './types';
import { triggerSchema, type Trigger } from '../catalogue/trigger.schema';
import { darienObservation } from '../testing/darien.observation';

const trigger = triggerSchema.parse({
  id: 'darien-crossings-surge',
  version: 3,
  title: 'Darién crossings surge',
  scope: { indicators: ['irregular_crossings'], reporters: ['PAN'] },
  condition: { type: 'threshold' },
  levels: [
    { name: 'watch', above: 20000, clearBelow: 15000, severity: 'Moderate' },
    { name: 'warning', above: 40000, clearBelow: 35000, severity: 'Severe' },
  ],
});

const obs = (month: number, value: number): EvaluatedObservation => darienObservation(month, value);

function story(values: number[], t: Trigger = trigger): AlertEvent[] {
  let state: TriggerState = initialState;
  return values.flatMap((v, i) => {
    const step = evaluate(t, state, obs(i, v));
    state = step.state;
    return step.events;
  });
}

/** The same object with its keys in reverse order, as a JSON column may hand it back. */
function reordered<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reordered) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reordered(v)]),
  ) as T;
}

describe('reconcile', () => {
  it('tells only the rest of the story when what was announced is its beginning', () => {
    const now = story([10000, 24634, 45000]);
    expect(reconcile(now.slice(0, 1), now, 'sig-2').map((e) => e.type)).toEqual(['escalated']);
  });

  it('takes an announced event read back with its keys in another order for the same event', () => {
    const now = story([10000, 24634, 45000]);
    const said = now.slice(0, 1).map(reordered);
    expect(JSON.stringify(said[0].evidence)).not.toBe(JSON.stringify(now[0].evidence));
    expect(reconcile(said, now, 'sig-2')).toEqual(now.slice(1));
  });

  it("takes an announced new-peak re-warning for the evaluator's own step, not a restatement", () => {
    const now = story([10000, 45000, 60000, 80000], triggerSchema.parse({ ...trigger, rewarnAbove: 1.3 }));
    expect(now.map((e) => [e.type, e.evidence.reason])).toEqual([
      ['firing', undefined],
      ['updated', 'new-peak'],
      ['updated', 'new-peak'],
    ]);
    expect(reconcile(now.slice(0, 2), now, 'sig-3')).toEqual(now.slice(2));
  });

  it('restates where an alert stands when its announced figure was revised', () => {
    const said = story([10000, 24634]);
    const now = story([10000, 26000]);
    expect(reconcile(said, now, 'sig-1-r2')).toEqual([
      expect.objectContaining({ type: 'updated', level: 'watch', alertId: said[0].alertId }),
    ]);
  });
});

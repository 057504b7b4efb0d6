import { initialState, type EvaluatedObservation, type TriggerState } from './types';
import { evaluateBatch, touchedPairs } from './batch.evaluator';
import { triggerSchema, type Trigger } from '../catalogue/trigger.schema';

const trigger = (id: string, indicator: string): Trigger =>
  triggerSchema.parse({
    id,
    version: 1,
    title: id,
    scope: { indicators: [indicator] },
    condition: { type: 'threshold' },
    levels: [{ name: 'watch', above: 100, severity: 'Moderate' }],
  });

const obs = (seriesKey: string, indicator: string, month: number, value: number): EvaluatedObservation => {
  const start = `2023-${String(month).padStart(2, '0')}-01`;
  return {
    signalId: `${seriesKey}-${month}`,
    reporter: 'PAN',
    indicator,
    location: { country: 'PAN' },
    period: { start, end: start },
    value,
    seriesKey,
  };
};

describe('evaluateBatch', () => {
  const triggers = [trigger('a', 'crossings'), trigger('b', 'entries')];

  it('evaluates each series in event-time order whatever the arrival order', () => {
    const batch = [obs('s1', 'crossings', 2, 50), obs('s1', 'crossings', 1, 500)];
    const { events, changes } = evaluateBatch(triggers, () => undefined, batch);
    expect(events.map((e) => [e.type, e.evidence.period.start])).toEqual([
      ['firing', '2023-01-01'],
      ['resolved', '2023-02-01'],
    ]);
    expect(changes).toHaveLength(1);
    expect(changes[0].state).toMatchObject({ level: null, lastPeriodStart: '2023-02-01' });
  });

  it('only runs the triggers whose scope covers the observation', () => {
    const batch = [obs('s1', 'crossings', 1, 500), obs('s2', 'entries', 1, 5)];
    expect(touchedPairs(triggers, batch)).toEqual([
      { triggerId: 'a', seriesKey: 's1' },
      { triggerId: 'b', seriesKey: 's2' },
    ]);
    const { events } = evaluateBatch(triggers, () => undefined, batch);
    expect(events.map((e) => e.trigger.id)).toEqual(['a']);
  });

  it('starts from the state the caller loaded', () => {
    const loaded: TriggerState = {
      ...initialState,
      level: 'watch',
      alertId: 'alert-x',
      lastPeriodStart: '2022-12-01',
      seen: 3,
    };
    const { events } = evaluateBatch(triggers, () => loaded, [obs('s1', 'crossings', 1, 10)]);
    expect(events).toMatchObject([{ type: 'resolved', alertId: 'alert-x' }]);
  });
});

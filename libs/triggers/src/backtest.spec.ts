import { backtest } from './backtest';
import { evaluate, initialState, type EvaluatedObservation, type TriggerState } from './evaluator';
import { triggerSchema } from './trigger.schema';

const trigger = triggerSchema.parse({
  id: 'surge',
  version: 2,
  title: 'surge',
  scope: { indicators: ['crossings'] },
  condition: { type: 'threshold' },
  levels: [{ name: 'watch', above: 100, clearBelow: 50, severity: 'Moderate' }],
});

const obs = (series: string, month: string, value: number): EvaluatedObservation => ({
  signalId: `${series}-${month}`,
  reporter: 'PAN',
  indicator: 'crossings',
  location: { country: 'PAN' },
  period: { start: `${month}-01`, end: `${month}-28` },
  value,
  seriesKey: series,
});

const history = [
  obs('a', '2021-01', 150),
  obs('b', '2022-03', 10),
  obs('a', '2021-02', 10),
  obs('a', '2022-01', 300),
  obs('b', '2022-04', 500),
];

describe('backtest', () => {
  it('reports what the engine would have raised, in time order, with activations per year', () => {
    const result = backtest([trigger], history);
    expect(result.events.map((e) => [e.type, e.seriesKey, e.evidence.period.start])).toEqual([
      ['firing', 'a', '2021-01-01'],
      ['resolved', 'a', '2021-02-01'],
      ['firing', 'a', '2022-01-01'],
      ['firing', 'b', '2022-04-01'],
    ]);
    expect(result.activity).toEqual([
      { triggerId: 'surge', version: 2, shadow: false, firingsByYear: { '2021': 1, '2022': 2 }, events: 4 },
    ]);
  });

  it('gives exactly the events of the engine evaluating one observation at a time', () => {
    const states = new Map<string, TriggerState>();
    const oneByOne = [...history]
      .sort((x, y) => x.period.start.localeCompare(y.period.start))
      .flatMap((o) => {
        const r = evaluate(trigger, states.get(o.seriesKey) ?? initialState, o);
        states.set(o.seriesKey, r.state);
        return r.events;
      });
    const byId = (es: readonly { eventId: string }[]) => es.map((e) => e.eventId).sort();
    expect(byId(backtest([trigger], history).events)).toEqual(byId(oneByOne));
  });
});

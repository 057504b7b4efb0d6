import { backtest } from './backtest';
import { evaluate } from '../evaluation/evaluator';
import { initialState, type EvaluatedObservation, type TriggerState } from '../evaluation/types';
import { silenceWatches } from '../silence/silence';
import { lastReceipt, parseReceivedAfter } from './silence.backtest';
import { triggerSchema } from '../catalogue/trigger.schema';

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

  describe('no-data triggers', () => {
    const silent = triggerSchema.parse({
      id: 'silent',
      version: 1,
      title: 'silent',
      scope: { indicators: ['crossings'] },
      condition: { type: 'no_data' },
      levels: [{ name: 'watch', above: 2, severity: 'Minor' }],
    });
    const watches = silenceWatches(
      { triggers: [trigger, silent] },
      { reporters: [{ iso3: 'PAN', cadence: 'monthly' }] },
    );
    const receivedAfter = parseReceivedAfter('P15D');
    const silence = { watches, receivedAfter, until: lastReceipt(history, receivedAfter) ?? '' };

    it('raise nothing without receipt times', () => {
      const result = backtest([trigger, silent], history);
      expect(result.activity[1]).toEqual({
        triggerId: 'silent',
        version: 1,
        shadow: false,
        firingsByYear: {},
        events: 0,
      });
    });

    it('run on the receipt times given, their events in the result and its activity like any other', () => {
      const result = backtest([trigger, silent], history, undefined, silence);
      // The figures of PAN's months end on the 28th: 2021-02's arrives 2021-03-16, the next (2022-01) 2022-02-13.
      expect(
        result.events
          .filter((e) => e.trigger.id === 'silent')
          .map((e) => [e.type, e.seriesKey, e.evidence.period.start, e.evidence.period.end]),
      ).toEqual([
        ['firing', 'silence/PAN', '2021-03-16', '2021-05-16'],
        ['resolved', 'silence/PAN', '2021-03-16', '2022-02-13'],
      ]);
      expect(result.activity[1]).toMatchObject({
        triggerId: 'silent',
        firingsByYear: { '2021': 1 },
        events: 2,
      });
      expect(result.events.filter((e) => e.trigger.id === 'surge')).toEqual(
        backtest([trigger], history).events,
      );
    });

    it('run only the watches of the triggers given', () => {
      expect(backtest([trigger], history, undefined, silence).events).toEqual(
        backtest([trigger], history).events,
      );
    });
  });
});

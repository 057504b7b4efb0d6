import fc from 'fast-check';
import type { AlertEvent } from '@atalaya/contracts';
import { initialState, type EvaluatedObservation } from '../evaluation/types';
import {
  evaluateSilence,
  parseExpectedEvery,
  silenceSeriesKey,
  type Heard,
  type Silence,
  type SilenceWatch,
} from '../silence/silence';
import {
  lastReceipt,
  parseReceivedAfter,
  receivedAt,
  replaySilence,
  type ReceiptClock,
} from './silence.backtest';
import { triggerSchema } from '../catalogue/trigger.schema';

const trigger = triggerSchema.parse({
  id: 'reporter-silent',
  version: 1,
  title: 'A reporting state has gone silent',
  scope: { indicators: ['irregular_crossings'] },
  condition: { type: 'no_data' },
  levels: [
    { name: 'watch', above: 2, severity: 'Minor' },
    { name: 'warning', above: 3, severity: 'Moderate' },
  ],
});
const monthly = parseExpectedEvery('P1M', trigger.id);
const watch: SilenceWatch = { trigger, reporters: [{ reporter: 'PAN', every: monthly }] };
const P15D = parseReceivedAfter('P15D');

/** The figure of one month, named by its reporter, month and indicator. */
const month = (
  ym: string,
  over: Partial<Pick<EvaluatedObservation, 'signalId' | 'reporter' | 'indicator' | 'location'>> = {},
): EvaluatedObservation => {
  const [y, m] = ym.split('-').map(Number);
  const end = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  const reporter = over.reporter ?? 'PAN';
  const indicator = over.indicator ?? 'irregular_crossings';
  return {
    signalId: over.signalId ?? `${reporter}-${indicator}-${ym}`,
    reporter,
    indicator,
    location: over.location ?? { country: reporter, place: 'darien' },
    period: { start: `${ym}-01`, end },
    value: 1000,
    seriesKey: `${reporter}/${indicator}/${reporter}/-/darien`,
  };
};

const months = (from: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => {
    const [y, m] = from.split('-').map(Number);
    const d = new Date(Date.UTC(y, m - 1 + i, 1));
    return d.toISOString().slice(0, 7);
  });

const clockOver = (history: readonly EvaluatedObservation[], after = P15D): ReceiptClock => ({
  receivedAfter: after,
  until: lastReceipt(history, after) ?? '',
});

const summary = (events: readonly AlertEvent[]) =>
  events.map((e) => [e.type, e.level, e.evidence.value, e.evidence.period.start, e.evidence.period.end]);

describe('parseReceivedAfter', () => {
  it('reads durations of zero or more', () => {
    expect(parseReceivedAfter('P15D').toObject()).toEqual({ days: 15 });
    expect(parseReceivedAfter('PT0S').toMillis()).toBe(0);
  });

  it('refuses what is not a duration, or a negative one, saying what to write', () => {
    expect(() => parseReceivedAfter('15 days')).toThrow(
      '"15 days" is not an ISO 8601 duration of zero or more, such as P15D, P1M or PT0S',
    );
    expect(() => parseReceivedAfter('-P1D')).toThrow('is not an ISO 8601 duration of zero or more');
  });
});

describe('receivedAt', () => {
  it('counts from the end of the period’s last day, in UTC', () => {
    expect(receivedAt({ end: '2020-03-31' }, P15D)).toBe('2020-04-16T00:00:00.000Z');
    expect(receivedAt({ end: '2020-03-31' }, parseReceivedAfter('P0D'))).toBe('2020-04-01T00:00:00.000Z');
    expect(receivedAt({ end: '2024-02-29' }, parseReceivedAfter('PT36H'))).toBe('2024-03-02T12:00:00.000Z');
  });

  it('adds calendar months as the calendar has them', () => {
    expect(receivedAt({ end: '2020-01-31' }, parseReceivedAfter('P1M'))).toBe('2020-03-01T00:00:00.000Z');
  });
});

describe('lastReceipt', () => {
  it('is the receipt of the figure whose period ends last, whatever the order of the history', () => {
    expect(lastReceipt([month('2025-05'), month('2025-04'), month('2019-01')], P15D)).toBe(
      '2025-06-16T00:00:00.000Z',
    );
  });

  it('is null for an empty history', () => {
    expect(lastReceipt([], P15D)).toBeNull();
  });
});

describe('replaySilence', () => {
  // Panama's figures stop for April and May 2020: the case docs/catalogue.md reports.
  const gap = [...months('2020-01', 3), ...months('2020-06', 6)].map((m) => month(m));

  it('raises an alert at the second deadline missed and resolves it when the reporter is heard again', () => {
    const replay = replaySilence(watch, gap, clockOver(gap));
    expect(summary(replay.events)).toEqual([
      ['firing', 'watch', 2, '2020-04-16', '2020-06-16'],
      ['resolved', null, 0, '2020-04-16', '2020-07-16'],
    ]);
    expect(replay.events.every((e) => e.seriesKey === silenceSeriesKey('PAN'))).toBe(true);
    expect(replay.observations.map((o) => [o.period.start, o.value])).toEqual([
      ['2020-05-16T00:00:00.000Z', 1],
      ['2020-06-16T00:00:00.000Z', 2],
      ['2020-07-16T00:00:00.000Z', 0],
    ]);
    expect(replay.watched).toEqual([{ seriesKey: 'silence/PAN', first: '2020-02-16', last: '2020-12-16' }]);
  });

  it('raises nothing for a reporter heard every month, nor for one never heard', () => {
    const steady = months('2020-01', 12).map((m) => month(m));
    const both: SilenceWatch = {
      trigger,
      reporters: [...watch.reporters, { reporter: 'HND', every: monthly }],
    };
    const replay = replaySilence(both, steady, clockOver(steady));
    expect(replay.events).toEqual([]);
    expect(replay.watched.map((w) => w.seriesKey)).toEqual(['silence/PAN']);
  });

  it('counts the deadlines a reporter misses after its last figure, up to the end of the clock', () => {
    const history = [...months('2020-01', 3).map((m) => month(m)), month('2020-08', { reporter: 'HND' })];
    const replay = replaySilence(watch, history, clockOver(history));
    expect(summary(replay.events)).toEqual([
      ['firing', 'watch', 2, '2020-04-16', '2020-06-16'],
      ['escalated', 'warning', 3, '2020-04-16', '2020-07-16'],
    ]);
  });

  it('hears only figures in the trigger’s scope, and those received together as one report', () => {
    const history = [
      month('2020-01'),
      month('2020-02', { indicator: 'encounters' }),
      month('2020-03', { indicator: 'encounters' }),
      month('2020-04'),
      month('2020-04', { signalId: 'A-2020-04', location: { country: 'PAN', place: 'alpha' } }),
    ];
    const replay = replaySilence(watch, history, clockOver(history));
    expect(summary(replay.events)).toEqual([
      ['firing', 'watch', 2, '2020-02-16', '2020-04-16'],
      ['resolved', null, 0, '2020-02-16', '2020-05-16'],
    ]);
    expect(replay.events[1].evidence.signalId).toBe('A-2020-04');
    const placed = triggerSchema.parse({ ...trigger, scope: { ...trigger.scope, places: ['alpha'] } });
    const onlyAlpha = replaySilence({ ...watch, trigger: placed }, history, clockOver(history));
    expect(onlyAlpha.watched).toEqual([
      { seriesKey: 'silence/PAN', first: '2020-05-16', last: '2020-05-16' },
    ]);
  });

  it('hears nothing received after the clock stops', () => {
    const clock = { receivedAfter: P15D, until: '2020-06-20T00:00:00.000Z' };
    const replay = replaySilence(watch, gap, clock);
    // June's figure arrives 2020-07-16, after the end: the alert is still in force.
    expect(summary(replay.events)).toEqual([['firing', 'watch', 2, '2020-04-16', '2020-06-16']]);
  });

  it('gives the events of the engine ticking through the same receipts, whenever its ticks run', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 35 }), { minLength: 1, maxLength: 36 }),
        fc.integer({ min: 0, max: 40 }),
        fc.array(fc.integer({ min: 1, max: 1200 }), { minLength: 1, maxLength: 40 }),
        (present, delayDays, tickDays) => {
          const history = present.map((i) => month(months('2021-01', 36)[i]));
          const after = parseReceivedAfter(`P${delayDays}D`);
          // Half a day past the last receipt, so the engine's last tick (which hears only what came before
          // it) and the replay (which hears what came by it) see the same reports.
          const until = new Date(Date.parse(lastReceipt(history, after) ?? '') + 43_200_000).toISOString();
          const replay = replaySilence(watch, history, { receivedAfter: after, until });
          const reports = [...history]
            .sort((a, b) => a.period.start.localeCompare(b.period.start))
            .map((o): Heard => ({ at: receivedAt(o.period, after), signalId: o.signalId }));
          // The engine in force before the first report: a tick hears it before any other comes.
          const first = new Date(Date.parse(reports[0].at) + 1).toISOString();
          const ticks = [
            first,
            ...tickDays.map((d) => new Date(Date.parse('2021-01-01') + d * 86_400_000).toISOString()),
            until,
          ]
            .filter((t) => t <= until)
            .sort();
          expect(replay.events.map((e) => e.eventId)).toEqual(
            engineTicks(reports, ticks).map((e) => e.eventId),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** The engine's watch over one reporter: each tick hears what came before it (a fresh one, the latest). */
function engineTicks(reports: readonly Heard[], ticks: readonly string[]): AlertEvent[] {
  let silence: Silence = { state: initialState, since: null };
  const events: AlertEvent[] = [];
  for (const until of ticks) {
    const visible = reports.filter((r) => r.at < until);
    const since = silence.since;
    const heard = since === null ? visible.slice(-1) : visible.filter((r) => r.at > since.at);
    const step = evaluateSilence(trigger, monthly, 'PAN', silence, { heard, until });
    silence = step.silence;
    events.push(...step.events);
  }
  return events;
}

import { parseCatalogue } from '@atalaya/triggers';
import { silenceWatches } from './silence.watches';

const reference = {
  reporters: [
    { iso3: 'PAN', cadence: 'weekly' },
    { iso3: 'HND', cadence: 'monthly' },
    { iso3: 'MEX', cadence: 'daily' },
  ] as const,
};

const catalogue = (condition: string, reporters = '') =>
  parseCatalogue(
    `triggers:
  - id: crossings-surge
    version: 1
    title: Crossings surge
    scope: { indicators: [irregular_crossings] }
    condition: { type: threshold }
    levels: [{ name: watch, above: 10, severity: Moderate }]
  - id: reporter-silent
    version: 2
    title: A reporting state has gone silent
    scope: { indicators: [irregular_crossings]${reporters} }
    condition: ${condition}
    levels: [{ name: watch, above: 1, severity: Minor }]
`,
    'triggers.yaml',
  );

const everies = (watches: ReturnType<typeof silenceWatches>) =>
  watches.map((w) => [w.trigger.id, w.reporters.map((r) => [r.reporter, r.every.toISO()])]);

describe('silenceWatches', () => {
  it('watches every reporter at its agreed cadence when the trigger names neither', () => {
    expect(everies(silenceWatches(catalogue('{ type: no_data }'), reference))).toEqual([
      [
        'reporter-silent',
        [
          ['PAN', 'P1W'],
          ['HND', 'P1M'],
          ['MEX', 'P1D'],
        ],
      ],
    ]);
  });

  it("watches only the trigger's reporters, at its own expectedEvery", () => {
    const watches = silenceWatches(
      catalogue('{ type: no_data, expectedEvery: PT30S }', ', reporters: [HND]'),
      reference,
    );
    expect(everies(watches)).toEqual([['reporter-silent', [['HND', 'PT30S']]]]);
  });

  it('refuses a reporter with no cadence, saying how to fix it', () => {
    expect(() => silenceWatches(catalogue('{ type: no_data }', ', reporters: [USA]'), reference)).toThrow(
      'trigger reporter-silent watches USA, which has no cadence in reporters.yaml: add USA to reporters.yaml ' +
        'or give the trigger condition an expectedEvery',
    );
  });

  it('refuses an expectedEvery of zero', () => {
    expect(() => silenceWatches(catalogue('{ type: no_data, expectedEvery: P0D }'), reference)).toThrow(
      'trigger reporter-silent: expectedEvery "P0D" must be an ISO 8601 duration longer than zero',
    );
  });

  it('has nothing to watch in a catalogue without no-data triggers', () => {
    expect(silenceWatches(catalogue('{ type: threshold }'), reference)).toEqual([]);
  });
});

import { validateSignal, type ReferenceLookup } from '@atalaya/contracts';
import {
  BAD_KINDS,
  loadFeed,
  loadPlaceId,
  loadSeries,
  type LoadMessage,
  type LoadShape,
} from './load.generator';

const shape: LoadShape = {
  seed: 7,
  reporters: ['PAN', 'HND', 'MEX'],
  placesPerReporter: 4,
  indicators: ['irregular_crossings', 'irregular_entries'],
  firstDay: '2026-01-01',
  hourlyShare: 0.2,
  duplicateShare: 0.05,
  badShare: 0.03,
};

const places = new Map(
  shape.reporters.flatMap((r) => [0, 1, 2, 3].map((n) => [loadPlaceId(r, n), r] as const)),
);
const reference: ReferenceLookup = {
  isCountry: (c) => shape.reporters.includes(c),
  isNationality: (c) => shape.reporters.includes(c),
  isAdmin1: () => false,
  indicator: (name) => (shape.indicators.includes(name) ? { unit: 'events' } : undefined),
  place: (id) => (places.has(id) ? { country: places.get(id) ?? '' } : undefined),
  isCorridor: () => false,
};

const feed = (days: number, s: LoadShape = shape): LoadMessage[] => [...loadFeed(s, days)];
const verdictOf = (m: LoadMessage) =>
  validateSignal(m.value, { reporter: m.reporter, reference, today: '2026-12-31' });

describe('loadFeed', () => {
  it('draws the same feed from the same seed, and another from another seed', () => {
    expect(feed(3)).toEqual(feed(3));
    expect(feed(3, { ...shape, seed: 8 })).not.toEqual(feed(3));
  });

  it('sends every daily series once a day and every hourly one 24 times, ending on the day’s figure', () => {
    const series = loadSeries(shape);
    const hourly = series.filter((s) => s.hourly).length;
    expect(hourly).toBeGreaterThan(0);
    const good = feed(2, { ...shape, duplicateShare: 0, badShare: 0 });
    expect(good).toHaveLength(2 * (series.length - hourly + hourly * 24));
    const revisions = good.filter((m) => m.kind === 'revision');
    expect(revisions).toHaveLength(2 * hourly * 23);
    const last = revisions.find((m) => m.kind === 'revision' && m.revision === 24);
    expect(last && JSON.parse(last.value)).toMatchObject({ revision: 24 });
  });

  it('is valid for Atalaya except the bad messages, each of which is rejected with its own code', () => {
    const codes = new Map<string, string>();
    for (const m of feed(20)) {
      const verdict = verdictOf(m);
      if (m.kind === 'bad') {
        expect(verdict.ok).toBe(false);
        if (!verdict.ok) codes.set(m.bad, verdict.fault.code);
      } else {
        expect(verdict).toMatchObject({ ok: true });
      }
    }
    expect([...codes.keys()].sort()).toEqual([...BAD_KINDS].sort());
    expect(new Set(codes.values()).size).toBe(BAD_KINDS.length);
  });

  it('follows a share of messages with their exact re-send, and keys every signal by its series', () => {
    const all = feed(20);
    const duplicates = all.filter((m) => m.kind === 'duplicate');
    const share = duplicates.length / all.length;
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.09);
    for (const d of duplicates) expect(all[all.indexOf(d) - 1]).toMatchObject({ value: d.value, key: d.key });
    for (const m of all) if (m.kind !== 'bad') expect(m.key).toBe(m.seriesKey);
  });

  it('surges: some days lift a series above 2.5 times its baseline', () => {
    const values = feed(60, { ...shape, hourlyShare: 0, badShare: 0, duplicateShare: 0 }).map(
      (m) => (JSON.parse(m.value) as { value: number }).value,
    );
    expect(Math.max(...values)).toBeGreaterThan(250);
    expect(values.filter((v) => v > 150).length / values.length).toBeLessThan(0.2);
  });
});

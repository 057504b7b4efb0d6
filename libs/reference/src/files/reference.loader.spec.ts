import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ReferenceDataError } from '../reference-data.error';
import { loadReference } from './reference.loader';

const root = join(__dirname, '../../../..');
const reference = loadReference(join(root, 'deploy/catalogue'));

describe('loadReference on deploy/catalogue', () => {
  it('lists the 21 endorsing states, as deploy/topics.yaml does', () => {
    const topics = parse(readFileSync(join(root, 'deploy/topics.yaml'), 'utf8')) as { reporters: string[] };
    const reporters = reference.reporters.map((r) => r.iso3);
    expect(reporters).toHaveLength(21);
    expect([...reporters].sort()).toEqual([...topics.reporters].sort());
  });

  it('answers the lookups validation makes', () => {
    expect(reference.isCountry('PAN')).toBe(true);
    expect(reference.isCountry('STL')).toBe(false);
    expect(reference.isNationality('STL')).toBe(true);
    expect(reference.isAdmin1('PAN', 'PA-5')).toBe(true);
    expect(reference.isAdmin1('PAN', 'MX-CHP')).toBe(false);
    expect(reference.indicator('irregular_crossings')?.unit).toBe('events');
    expect(reference.indicator('shelter_capacity')).toMatchObject({ unit: 'beds', kind: 'stock' });
    expect(reference.indicator('nothing')).toBeUndefined();
    expect(reference.place('darien')).toMatchObject({
      country: 'PAN',
      admin1: 'PA-5',
      type: 'border_region',
    });
    expect(reference.place('southwest_border')?.country).toBe('USA');
    expect(reference.place('southwest_border')?.admin1).toBeUndefined();
    expect(reference.isCorridor('darien_north')).toBe(true);
    expect(reference.isCorridor('darien')).toBe(false);
  });

  it('keeps lookups usable on their own, away from the object', () => {
    const { place, isAdmin1 } = reference;
    expect(place('tapachula')?.admin1).toBe('MX-CHP');
    expect(isAdmin1('MEX', 'MX-CHP')).toBe(true);
  });

  it('runs the darien_north corridor from Necoclí to the southwest border', () => {
    const corridor = reference.corridors.find((c) => c.id === 'darien_north');
    const steps = corridor?.steps.map((s) => s.place);
    expect(steps?.[0]).toBe('necocli');
    expect(steps?.at(-1)).toBe('southwest_border');
    expect(steps).toHaveLength(10);
  });

  it('knows every indicator of the demo feed and every place the feed names', () => {
    const dir = join(root, 'deploy/demo/data');
    const indicators = readdirSync(dir).flatMap((file) =>
      readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .slice(1)
        .filter((line) => line.length > 0)
        .map((line) => line.split(',')[3]),
    );
    for (const name of new Set(indicators)) expect(reference.indicator(name)).toBeDefined();
    const feed = parse(readFileSync(join(root, 'deploy/demo/feed.yaml'), 'utf8')) as {
      series: { place?: string }[];
    };
    for (const { place } of feed.series) if (place) expect(reference.place(place)).toBeDefined();
  });

  it('hands out data that cannot be changed', () => {
    expect(Object.isFrozen(reference.places)).toBe(true);
    expect(Object.isFrozen(reference.places[0])).toBe(true);
  });
});

describe('loadReference on a folder without the files', () => {
  it('names every missing file and says what to check', () => {
    const empty = mkdtempSync(join(tmpdir(), 'atalaya-reference-'));
    let error: unknown;
    try {
      loadReference(empty);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ReferenceDataError);
    expect((error as ReferenceDataError).problems.map((p) => p.at)).toEqual(
      ['reporters', 'indicators', 'places', 'corridors'].map((f) => join(empty, `${f}.yaml`)),
    );
    expect((error as Error).message).toContain('ATALAYA_REFERENCE_DIR');
  });
});

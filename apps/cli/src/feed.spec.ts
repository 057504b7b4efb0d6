import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateSignal } from '@atalaya/contracts';
import { fakeReference } from '@atalaya/testing';
import { loadFeed } from './feed';

describe('loadFeed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'feed-'));
  writeFileSync(
    join(dir, 'pan.csv'),
    'date,country_iso3,origin_iso3,indicator,value,source\n' +
      '2023-02,PAN,,irregular_crossings,24657,src\n' +
      '2023-01,PAN,,irregular_crossings,24634,src\n' +
      '2023-01,PAN,VEN,irregular_crossings,10000,src\n',
  );
  writeFileSync(join(dir, 'feed.yaml'), 'series:\n  - { file: pan.csv, place: darien }\n');

  it('makes one valid signal per all-nationalities month, oldest first', () => {
    const signals = loadFeed(join(dir, 'feed.yaml'));
    expect(signals.map((s) => [s.signalId, s.period.start, s.period.end, s.value])).toEqual([
      ['PAN:irregular_crossings:darien:2023-01', '2023-01-01', '2023-01-31', 24634],
      ['PAN:irregular_crossings:darien:2023-02', '2023-02-01', '2023-02-28', 24657],
    ]);
    signals.forEach((s) =>
      expect(
        validateSignal(JSON.stringify(s), { reporter: 'PAN', reference: fakeReference, today: '2025-06-30' })
          .ok,
      ).toBe(true),
    );
  });

  it('says which row of which file is wrong', () => {
    writeFileSync(
      join(dir, 'bad.csv'),
      'date,country_iso3,origin_iso3,indicator,value,source\n2023,PAN,,x,1,s\n',
    );
    writeFileSync(join(dir, 'bad.yaml'), 'series:\n  - { file: bad.csv }\n');
    expect(() => loadFeed(join(dir, 'bad.yaml'))).toThrow(/bad\.csv:2: monthly rows only/);
  });
});

import { describeProblem, ReferenceDataError, type ReferenceFile } from './reference-data.error';
import { parseReference } from './reference.parser';

// One entry a line, so that entry i of a list is on line i + 2.
const good: Record<ReferenceFile, string> = {
  reporters: `reporters:
  - { iso3: PAN }
  - { iso3: MEX, cadence: weekly }
`,
  indicators: `indicators:
  - { name: irregular_crossings, title: Crossings, unit: events, kind: flow, cadence: monthly, description: D. }
  - { name: shelter_occupancy, title: Occupancy, unit: persons, kind: stock, cadence: daily, description: D. }
`,
  places: `places:
  - { id: darien, name: Darién, type: border_region, country: PAN, admin1: PA-5, across: COL, corridors: [north] }
  - { id: tapachula, name: Tapachula, type: transit_point, country: MEX, admin1: MX-CHP, corridors: [north] }
  - { id: casa, name: Casa, type: shelter, country: MEX }
`,
  corridors: `corridors:
  - id: north
    name: North
    steps:
      - { place: darien, lagDays: 0 }
      - { place: tapachula, lagDays: 20 }
`,
};

function problemsWith(file: ReferenceFile, from: string, to: string): string[] {
  if (!good[file].includes(from)) throw new Error(`the fixture ${file} has no "${from}"`);
  try {
    parseReference({ ...good, [file]: good[file].replace(from, to) }, 'deploy/catalogue');
  } catch (e) {
    if (e instanceof ReferenceDataError) return e.problems.map(describeProblem);
    throw e;
  }
  throw new Error('expected the reference data to be rejected');
}

describe('parseReference', () => {
  it('reads valid reference data', () => {
    const reference = parseReference(good);
    expect(reference.reporters).toEqual([
      { iso3: 'PAN', cadence: 'monthly' },
      { iso3: 'MEX', cadence: 'weekly' },
    ]);
    expect(reference.place('casa')).toMatchObject({ country: 'MEX', corridors: [] });
    expect(
      parseReference({
        ...good,
        places: good.places.replace('name: Casa,', 'name: Casa, lat: 14.9, lon: -92.3,'),
      }).place('casa'),
    ).toMatchObject({ lat: 14.9, lon: -92.3 });
  });

  it.each([
    [
      'a reporter that is not a country',
      'reporters',
      'iso3: PAN',
      'iso3: ZZZ',
      /^deploy\/catalogue\/reporters\.yaml:2:\d+: reporters\.0\.iso3: "ZZZ" is not an ISO 3166-1 alpha-3 country code/,
    ],
    [
      'a reporter listed twice',
      'reporters',
      'iso3: MEX',
      'iso3: PAN',
      /^deploy\/catalogue\/reporters\.yaml:3:\d+: reporters\.1\.iso3: "PAN" is already entry 0 of reporters/,
    ],
    [
      'an indicator listed twice',
      'indicators',
      'name: shelter_occupancy',
      'name: irregular_crossings',
      /^deploy\/catalogue\/indicators\.yaml:3:\d+: indicators\.1\.name: "irregular_crossings" is already entry 0/,
    ],
    [
      'a place with a latitude and no longitude',
      'places',
      'id: casa, name: Casa,',
      'id: casa, name: Casa, lat: 14.9,',
      /^deploy\/catalogue\/places\.yaml:4:\d+: places\.2\.lon: give both lat and lon, or neither/,
    ],
    [
      'a latitude off the globe',
      'places',
      'id: casa, name: Casa,',
      'id: casa, name: Casa, lat: 95, lon: -92.3,',
      /^deploy\/catalogue\/places\.yaml:4:\d+: places\.2\.lat: /,
    ],
    [
      'a place id used twice',
      'places',
      'id: casa',
      'id: darien',
      /^deploy\/catalogue\/places\.yaml:4:\d+: places\.2\.id: "darien" is already entry 0 of places/,
    ],
    [
      'a place in a country that does not exist',
      'places',
      'type: shelter, country: MEX',
      'type: shelter, country: ZZZ',
      /^deploy\/catalogue\/places\.yaml:4:\d+: places\.2\.country: "ZZZ" is not an ISO 3166-1/,
    ],
    [
      "a subdivision of another country than the place's",
      'places',
      'admin1: PA-5',
      'admin1: MX-CHP',
      /^deploy\/catalogue\/places\.yaml:2:\d+: places\.0\.admin1: "MX-CHP" is not a first-level subdivision of PAN in Unicode CLDR \d+: use one of .*PA-5/,
    ],
    [
      'a border on a place that is not on one',
      'places',
      'type: shelter, country: MEX',
      'type: shelter, country: MEX, across: USA',
      /^deploy\/catalogue\/places\.yaml:4:\d+: places\.2\.across: a shelter is not on a border/,
    ],
    [
      'a border with the same country on both sides',
      'places',
      'across: COL',
      'across: PAN',
      /^deploy\/catalogue\/places\.yaml:2:\d+: places\.0\.across: a border runs between two countries/,
    ],
    [
      'a place naming a corridor that does not exist',
      'places',
      'country: MEX }',
      'country: MEX, corridors: [south] }',
      /^deploy\/catalogue\/places\.yaml:4:\d+: places\.2\.corridors\.0: corridor "south" is not in corridors\.yaml/,
    ],
    [
      'a place naming a corridor that does not pass through it',
      'places',
      'country: MEX }',
      'country: MEX, corridors: [north] }',
      /^deploy\/catalogue\/places\.yaml:4:\d+: places\.2\.corridors\.0: corridor "north" has no step at "casa" in corridors\.yaml/,
    ],
    [
      'a corridor step at a place that does not exist',
      'corridors',
      'place: tapachula',
      'place: nowhere',
      /^deploy\/catalogue\/corridors\.yaml:6:\d+: corridors\.0\.steps\.1\.place: place "nowhere" is not in places\.yaml/,
    ],
    [
      'a corridor step at a place that does not name the corridor',
      'corridors',
      'place: tapachula',
      'place: casa',
      /^deploy\/catalogue\/corridors\.yaml:6:\d+: corridors\.0\.steps\.1\.place: place "casa" does not list corridor "north" in places\.yaml/,
    ],
    [
      'a corridor passing a place twice',
      'corridors',
      'place: tapachula, lagDays: 20 }',
      'place: tapachula, lagDays: 20 }\n      - { place: darien, lagDays: 3 }',
      /^deploy\/catalogue\/corridors\.yaml:7:\d+: corridors\.0\.steps\.2\.place: "darien" is already step 0 of this corridor/,
    ],
    [
      'a first step with a lag',
      'corridors',
      'lagDays: 0',
      'lagDays: 2',
      /^deploy\/catalogue\/corridors\.yaml:5:\d+: corridors\.0\.steps\.0\.lagDays: the first step has no step before it/,
    ],
    [
      'a corridor without steps',
      'corridors',
      `steps:
      - { place: darien, lagDays: 0 }
      - { place: tapachula, lagDays: 20 }`,
      'steps: []',
      /^deploy\/catalogue\/corridors\.yaml:4:\d+: corridors\.0\.steps: a corridor needs at least two steps/,
    ],
    [
      'a value outside its schema',
      'indicators',
      'unit: events',
      'unit: people',
      /^deploy\/catalogue\/indicators\.yaml:2:\d+: indicators\.0\.unit: /,
    ],
    [
      'a missing field, at its entry',
      'places',
      'name: Casa, ',
      '',
      /^deploy\/catalogue\/places\.yaml:4:\d+: places\.2\.name: /,
    ],
    [
      'a YAML syntax error',
      'places',
      'corridors: [north] }',
      'corridors: [north }',
      /^deploy\/catalogue\/places\.yaml:\d+:\d+: /,
    ],
  ] as const)('reports %s with its file and line', (_, file, from, to, expected) => {
    expect(problemsWith(file, from, to)).toContainEqual(expect.stringMatching(expected));
  });

  it('reports both sides when a corridor and a place disagree', () => {
    expect(problemsWith('corridors', 'place: tapachula', 'place: casa')).toEqual([
      expect.stringContaining('places.1.corridors.0: corridor "north" has no step at "tapachula"'),
      expect.stringContaining('corridors.0.steps.1.place: place "casa" does not list corridor "north"'),
    ]);
  });

  it('lists every problem of every file in its message', () => {
    const bad = {
      ...good,
      reporters: good.reporters.replace('PAN', 'ZZZ'),
      places: good.places.replace('PA-5', 'PA-99'),
    };
    expect(() => parseReference(bad, 'deploy/catalogue')).toThrow(
      /reference data is not valid[^]*reporters\.yaml:2:\d+: [^]*places\.yaml:2:\d+: /,
    );
  });
});

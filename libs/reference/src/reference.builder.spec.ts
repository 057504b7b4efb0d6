import { describeProblem, ReferenceDataError } from './reference-data.error';
import { buildReference, type ReferenceFiles } from './reference.builder';

const files: ReferenceFiles = {
  reporters: { reporters: [{ iso3: 'PAN' }] },
  indicators: {
    indicators: [
      {
        name: 'irregular_crossings',
        title: 'T',
        unit: 'events',
        kind: 'flow',
        cadence: 'monthly',
        description: 'D',
      },
    ],
  },
  places: {
    places: [
      {
        id: 'darien',
        name: 'Darién',
        type: 'border_region',
        country: 'PAN',
        admin1: 'PA-5',
        corridors: ['north'],
      },
      { id: 'paso_canoas', name: 'Paso Canoas', type: 'border_point', country: 'PAN', corridors: ['north'] },
    ],
  },
  corridors: {
    corridors: [
      {
        id: 'north',
        name: 'North',
        steps: [
          { place: 'darien', lagDays: 0 },
          { place: 'paso_canoas', lagDays: 2 },
        ],
      },
    ],
  },
};

describe('buildReference', () => {
  it('builds lookups from parsed values', () => {
    const reference = buildReference(files);
    expect(reference.reporters).toEqual([{ iso3: 'PAN', cadence: 'monthly' }]);
    expect(reference.isAdmin1('PAN', 'PA-5')).toBe(true);
    expect(reference.place('paso_canoas')?.country).toBe('PAN');
    expect(reference.isCorridor('north')).toBe(true);
  });

  it('names the file and path of each problem when it has no text to point into', () => {
    let problems: string[] = [];
    try {
      buildReference({
        ...files,
        reporters: { reporters: [{ iso3: 'PAN' }, { iso3: 'PAN' }] },
        indicators: {},
      });
    } catch (e) {
      if (!(e instanceof ReferenceDataError)) throw e;
      problems = e.problems.map(describeProblem);
    }
    // The schema problem alone: cross-references wait until every file is well formed.
    expect(problems).toEqual([expect.stringMatching(/^indicators\.yaml: indicators: /)]);
  });
});

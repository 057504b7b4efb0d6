import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadReference } from '@atalaya/reference/files';
import { CatalogueError, parseCatalogue } from './catalogue.parser';

const deploy = resolve(__dirname, '../../../../deploy/catalogue');
const reference = loadReference(deploy);

const corridorTrigger = (corridor: string, place: string) => `
triggers:
  - id: corridor
    version: 1
    title: Two steps together
    scope:
      indicators: [irregular_crossings, irregular_entries]
      places: [darien, ${place}]
    condition:
      type: corridor_composite
      corridor: ${corridor}
      members:
        - { place: darien, indicator: irregular_crossings, above: 1000 }
        - { place: ${place}, indicator: irregular_entries, above: 1000 }
    levels:
      - { name: watch, above: 2, severity: Severe }
`;

const problemsOf = (text: string): readonly string[] => {
  try {
    parseCatalogue(text, 'triggers.yaml', reference);
  } catch (e) {
    if (e instanceof CatalogueError) return e.problems;
    throw e;
  }
  return [];
};

describe('the catalogue checked against the reference data', () => {
  it('accepts the default catalogue', () => {
    const path = resolve(deploy, 'triggers.yaml');
    expect(problemsOf(readFileSync(path, 'utf8'))).toEqual([]);
  });

  it('accepts a corridor trigger whose members are steps of its corridor', () => {
    expect(problemsOf(corridorTrigger('darien_north', 'trojes'))).toEqual([]);
  });

  it('points at a corridor it does not know, naming the ones it does', () => {
    expect(problemsOf(corridorTrigger('darien_south', 'trojes'))).toEqual([
      expect.stringMatching(
        /^triggers\.yaml:11:\d+: triggers\.0\.condition\.corridor: unknown corridor "darien_south": known corridors are darien_north/,
      ),
    ]);
  });

  it('points at a member that is not a step of the corridor, and at an unknown place', () => {
    expect(problemsOf(corridorTrigger('darien_north', 'nowhere'))).toEqual([
      expect.stringMatching(/^triggers\.yaml:8:\d+: triggers\.0\.scope\.places\.1: unknown place "nowhere"/),
      expect.stringMatching(
        /^triggers\.yaml:14:\d+: triggers\.0\.condition\.members\.1\.place: nowhere is not a step of corridor darien_north/,
      ),
    ]);
  });

  it('points at an unknown indicator and a state that does not report', () => {
    const text = `
triggers:
  - id: t
    version: 1
    title: T
    scope: { indicators: [irregular_crosings], reporters: [PAN, FRA] }
    condition: { type: threshold }
    levels:
      - { name: watch, above: 1, severity: Minor }
`;
    expect(problemsOf(text)).toEqual([
      expect.stringContaining('triggers.0.scope.indicators.0: unknown indicator "irregular_crosings"'),
      expect.stringContaining('triggers.0.scope.reporters.1: FRA is not a reporting state'),
    ]);
  });
});

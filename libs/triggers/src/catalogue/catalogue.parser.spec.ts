import { CatalogueError, parseCatalogue } from './catalogue.parser';

const good = `
triggers:
  - id: darien-crossings-surge
    version: 1
    title: Darién crossings surge
    scope: { indicators: [irregular_crossings], reporters: [PAN] }
    condition: { type: threshold }
    levels:
      - { name: watch, above: 20000, clearBelow: 15000, severity: Moderate }
      - { name: warning, above: 40000, severity: Severe }
`;

const problemsOf = (text: string): readonly string[] => {
  try {
    parseCatalogue(text, 'triggers.yaml');
  } catch (e) {
    if (e instanceof CatalogueError) return e.problems;
    throw e;
  }
  throw new Error('expected the catalogue to be rejected');
};

describe('parseCatalogue', () => {
  it('reads a valid catalogue', () => {
    const catalogue = parseCatalogue(good);
    expect(catalogue.triggers[0]).toMatchObject({ id: 'darien-crossings-surge', version: 1 });
    expect(catalogue.triggers[0].levels).toHaveLength(2);
  });

  it('points at the file, line and field of a bad value', () => {
    const problems = problemsOf(good.replace('above: 40000', 'above: -4'));
    expect(problems).toContainEqual(
      expect.stringMatching(/^triggers\.yaml:10:\d+: triggers\.0\.levels\.1\.above: /),
    );
  });

  it('refuses levels that clear above where they fire', () => {
    expect(problemsOf(good.replace('clearBelow: 15000', 'clearBelow: 25000'))).toEqual([
      expect.stringContaining('clearBelow must not exceed above'),
    ]);
  });

  it('refuses levels out of order', () => {
    expect(problemsOf(good.replace('above: 40000', 'above: 10000'))).toEqual([
      expect.stringContaining('from the lowest to the highest'),
    ]);
  });

  it('takes new-peak re-warnings, and refuses them on a no-data trigger, which has no peaks', () => {
    const rewarning = good.replace(
      '    condition: { type: threshold }',
      '    condition: { type: threshold }\n    rewarnAbove: 1.25',
    );
    expect(parseCatalogue(rewarning).triggers[0]).toMatchObject({ rewarnAbove: 1.25, rewarnBelowTop: false });
    expect(problemsOf(rewarning.replace('type: threshold', 'type: no_data'))).toEqual([
      expect.stringMatching(
        /^triggers\.yaml:\d+:\d+: triggers\.0\.rewarnAbove: a no-data trigger .*remove rewarnAbove$/,
      ),
    ]);
  });

  it('refuses duplicate trigger ids', () => {
    const twice = good + good.split('\n').slice(2).join('\n');
    expect(problemsOf(twice)).toEqual([expect.stringContaining('trigger ids must be unique')]);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(problemsOf('triggers:\n  - id: [unclosed\n')).toEqual([
      expect.stringMatching(/^triggers\.yaml:\d+:\d+: /),
    ]);
  });

  it('refuses an override of a level the trigger does not have', () => {
    const text = good.replace(
      '      - { name: warning, above: 40000, severity: Severe }',
      '      - { name: warning, above: 40000, severity: Severe }\n    overrides:\n      - { state: PAN, levels: { alarm: { above: 1 } } }',
    );
    expect(problemsOf(text)).toEqual([
      expect.stringContaining('an override names a level the trigger does not have'),
    ]);
  });

  it('refuses national thresholds that put the levels out of order, and accepts ones that keep it', () => {
    const withOverride = (levels: string) =>
      good.replace(
        '      - { name: warning, above: 40000, severity: Severe }',
        `      - { name: warning, above: 40000, severity: Severe }\n    overrides:\n      - { state: PAN, levels: ${levels} }`,
      );
    expect(problemsOf(withOverride('{ watch: { above: 50000 } }'))).toEqual([
      expect.stringMatching(
        /^triggers\.yaml:12:\d+: triggers\.0\.overrides\.0\.levels: with PAN's own thresholds, warning \(above 40000\) must still fire above watch \(above 50000\)/,
      ),
    ]);
    expect(() =>
      parseCatalogue(withOverride('{ watch: { above: 50000 }, warning: { above: 60000 } }')),
    ).not.toThrow();
  });

  it('reads metadata, rules and overrides with their defaults', () => {
    const text = good.replace(
      '    condition: { type: threshold }',
      '    pillar: coordinated_emergency_response\n    agreedBy: [PAN, COL]\n    effective: { from: 2022-06-10 }\n' +
        '    pending: 2\n    cooldown: 3\n    shadow: true\n    overrides: [{ state: HND, optOut: true }]\n    condition: { type: threshold }',
    );
    expect(parseCatalogue(text).triggers[0]).toMatchObject({
      pillar: 'coordinated_emergency_response',
      agreedBy: ['PAN', 'COL'],
      effective: { from: '2022-06-10' },
      pending: 2,
      cooldown: 3,
      minHistory: 1,
      shadow: true,
      overrides: [{ state: 'HND', optOut: true }],
    });
  });
});

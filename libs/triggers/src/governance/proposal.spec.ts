import { resolve } from 'node:path';
import { loadReference } from '@atalaya/reference/files';
import { CatalogueError } from '../catalogue/catalogue.parser';
import { triggerSchema } from '../catalogue/trigger.schema';
import { parseProposal, type ProposalContext } from './proposal';

const reference = loadReference(resolve(__dirname, '../../../../deploy/catalogue'));

const inForce = triggerSchema.parse({
  id: 'darien-crossings-surge',
  version: 2,
  title: 'Darién',
  effective: { from: '2020-01-01' },
  scope: { indicators: ['irregular_crossings'], reporters: ['PAN'] },
  condition: { type: 'threshold' },
  levels: [{ name: 'watch', above: 100, severity: 'Moderate' }],
});

const context: ProposalContext = {
  reference,
  versionsOf: (id) => (id === inForce.id ? { inForce, highest: 3 } : undefined),
  today: '2025-06-01',
};

const proposal = `
triggers:
  - id: darien-crossings-surge
    version: 4
    status: proposed
    title: Darién, recalibrated
    agreedBy: [PAN, COL]
    effective: { from: 2025-07-01 }
    scope: { indicators: [irregular_crossings], reporters: [PAN] }
    condition: { type: threshold }
    levels:
      - { name: watch, above: 150, clearBelow: 120, severity: Moderate }
      - { name: warning, above: 300, severity: Severe }
`;

const problemsOf = (text: string): readonly string[] => {
  try {
    parseProposal(text, 'proposal.yaml', context);
  } catch (e) {
    if (e instanceof CatalogueError) return e.problems;
    throw e;
  }
  return [];
};

describe('a proposal file', () => {
  it('reads a proposed version newer than every one known', () => {
    const [t] = parseProposal(proposal, 'proposal.yaml', context);
    expect(t).toMatchObject({
      id: 'darien-crossings-surge',
      version: 4,
      status: 'proposed',
      agreedBy: ['PAN', 'COL'],
    });
  });

  it('refuses levels out of order at their file and line', () => {
    expect(problemsOf(proposal.replace('above: 300', 'above: 100'))).toEqual([
      expect.stringMatching(/^proposal\.yaml:12:\d+: triggers\.0\.levels: .*lowest to the highest/),
    ]);
  });

  it('refuses an unknown state in agreedBy, pointing at it', () => {
    expect(problemsOf(proposal.replace('[PAN, COL]', '[PAN, XYZ]'))).toEqual([
      expect.stringMatching(/^proposal\.yaml:7:\d+: triggers\.0\.agreedBy\.1: XYZ is not a reporting state/),
    ]);
  });

  it('refuses a date before the version in force, or before today', () => {
    expect(problemsOf(proposal.replace('2025-07-01', '2019-12-01'))).toEqual([
      expect.stringMatching(
        /^proposal\.yaml:8:\d+: triggers\.0\.effective\.from: 2019-12-01 is before 2020-01-01, when version 2/,
      ),
    ]);
    expect(problemsOf(proposal.replace('2025-07-01', '2025-05-31'))).toEqual([
      expect.stringContaining('2025-05-31 has passed'),
    ]);
  });

  it('refuses a version that is not new, a file that does not say proposed, and one with no date', () => {
    const problems = problemsOf(
      proposal
        .replace('version: 4', 'version: 3')
        .replace('    status: proposed\n', '')
        .replace(/ {4}effective.*\n/, ''),
    );
    expect(problems).toEqual([
      expect.stringContaining('triggers.0.status: a proposal says `status: proposed`'),
      expect.stringContaining(
        'triggers.0.version: version 3 is not new: darien-crossings-surge is at version 3 (2 in force); propose version 4',
      ),
      expect.stringContaining('triggers.0.effective: say from when it takes effect'),
    ]);
  });

  it('refuses a proposal no endorsement could adopt', () => {
    expect(problemsOf(proposal.replace('[PAN, COL]', '[]'))).toEqual([
      expect.stringContaining('triggers.0.agreedBy: agreedBy is empty'),
    ]);
  });

  it('refuses a trigger the catalogue does not have, and a change of kind', () => {
    expect(problemsOf(proposal.replace('id: darien-crossings-surge', 'id: somewhere-else'))).toEqual([
      expect.stringMatching(
        /^proposal\.yaml:3:\d+: triggers\.0\.id: no trigger somewhere-else in the catalogue/,
      ),
    ]);
    expect(problemsOf(proposal.replace('{ type: threshold }', '{ type: no_data }'))).toEqual([
      expect.stringContaining('triggers.0.condition.type: a per-series trigger stays one'),
    ]);
  });

  it('refuses a version of a no-data trigger, which the catalogue file changes', () => {
    const silent = triggerSchema.parse({
      ...inForce,
      condition: { type: 'no_data' },
      scope: { indicators: ['irregular_crossings'] },
    });
    const problems = (() => {
      try {
        parseProposal(proposal.replace('{ type: threshold }', '{ type: no_data }'), 'proposal.yaml', {
          ...context,
          versionsOf: () => ({ inForce: silent, highest: 3 }),
        });
      } catch (e) {
        if (e instanceof CatalogueError) return e.problems;
        throw e;
      }
      return [];
    })();
    expect(problems).toEqual([
      expect.stringContaining('triggers.0.condition.type: the versions of a no-data trigger'),
    ]);
  });

  it('checks the names against the reference data as the catalogue does', () => {
    expect(
      problemsOf(proposal.replace('indicators: [irregular_crossings]', 'indicators: [crossings]')),
    ).toEqual([expect.stringContaining('triggers.0.scope.indicators.0: unknown indicator "crossings"')]);
  });
});

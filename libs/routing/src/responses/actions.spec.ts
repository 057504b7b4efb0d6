import fc from 'fast-check';
import { actionReportProblem, actionsFor, actionStandings, overdue, protocolsOf } from './actions';
import { ActionStatusReport, actionStatusReportSchema, responsesFileSchema } from './response.schema';
import { at, DARIEN, eventOf, lookups } from '../testing/routing.fixtures';

const text = { es: 'hacer algo', en: 'do something' };
const file = responsesFileSchema.parse({
  responses: {
    'darien-crossings-surge': {
      watch: [{ id: 'pan-readiness', organisation: 'ops_pan', deadline: 'PT72H', description: text }],
      warning: [
        { id: 'pan-capacity', organisation: 'ops_pan', deadline: 'PT72H', description: text },
        { id: 'iom-pre-position', organisation: 'iom', deadline: 'P5D', description: text },
      ],
    },
  },
});
const protocols = protocolsOf(file, lookups.levelsOf);
const ids = (xs: readonly { action: { id: string } }[]) => xs.map((x) => x.action.id);
const report = (fields: Partial<ActionStatusReport>): ActionStatusReport =>
  actionStatusReportSchema.parse({
    alertId: 'a',
    actionId: 'pan-capacity',
    organisation: 'ops_pan',
    status: 'acknowledged',
    at: at(0),
    ...fields,
  });

describe('actionsFor', () => {
  it("gives a recipient its own actions of the event's level and every level below", () => {
    expect(ids(actionsFor(protocols, eventOf(DARIEN, { level: 'watch' }), 'ops_pan'))).toEqual([
      'pan-readiness',
    ]);
    expect(
      ids(actionsFor(protocols, eventOf(DARIEN, { type: 'escalated', level: 'emergency' }), 'ops_pan')),
    ).toEqual(['pan-readiness', 'pan-capacity']);
    expect(ids(actionsFor(protocols, eventOf(DARIEN, { level: 'warning' }), 'iom'))).toEqual([
      'iom-pre-position',
    ]);
    expect(ids(actionsFor(protocols, eventOf(DARIEN, { level: 'warning' })))).toEqual([
      'pan-readiness',
      'pan-capacity',
      'iom-pre-position',
    ]);
    expect(actionsFor(protocols, eventOf(DARIEN, { level: 'warning' }), 'unhcr')).toEqual([]);
  });

  it('gives nothing for a pending, resolved, cancelled or shadow event, nor for a trigger without protocol', () => {
    for (const fields of [
      { type: 'pending' as const },
      { type: 'resolved' as const },
      { type: 'cancelled' as const },
      { shadow: true },
      { trigger: 'reporter-silent' },
    ]) {
      expect(actionsFor(protocols, eventOf(DARIEN, { level: 'warning', ...fields }), 'ops_pan')).toEqual([]);
    }
  });
});

describe('overdue', () => {
  const warning = file.responses['darien-crossings-surge'].warning;

  it('lists the actions past their deadline that are neither done nor declined', () => {
    expect(overdue(warning, at(0), [], at(72 * 3600 - 1))).toEqual([]);
    expect(overdue(warning, at(0), [], at(72 * 3600)).map((o) => [o.action.id, o.dueAt])).toEqual([
      ['pan-capacity', at(72 * 3600)],
    ]);
    const started = [report({ status: 'in_progress', at: at(10) })];
    expect(overdue(warning, at(0), started, at(80 * 3600)).map((o) => o.status?.status)).toEqual([
      'in_progress',
    ]);
    expect(
      overdue(warning, at(0), [report({ status: 'done', at: at(10) })], at(6 * 86400)).map(
        (o) => o.action.id,
      ),
    ).toEqual(['iom-pre-position']);
  });

  it('takes the latest report, and ignores reports made after now', () => {
    const reports = [report({ status: 'done', at: at(100) }), report({ status: 'in_progress', at: at(200) })];
    expect(overdue(warning.slice(0, 1), at(0), reports, at(80 * 3600)).map((o) => o.status?.status)).toEqual([
      'in_progress',
    ]);
    const future = [report({ status: 'declined', note: 'no staff', at: at(90 * 3600) })];
    expect(overdue(warning.slice(0, 1), at(0), future, at(80 * 3600))).toHaveLength(1);
  });

  it('only grows with time until an action is closed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 * 86400 }),
        fc.integer({ min: 0, max: 10 * 86400 }),
        (t1, t2) => {
          const [early, late] = t1 <= t2 ? [t1, t2] : [t2, t1];
          const a = ids(overdue(warning, at(0), [], at(early)));
          const b = ids(overdue(warning, at(0), [], at(late)));
          expect(a.every((id) => b.includes(id))).toBe(true);
        },
      ),
    );
  });

  it('asks a declined action for a note', () => {
    expect(
      actionStatusReportSchema.safeParse({
        alertId: 'a',
        actionId: 'x',
        organisation: 'ops_pan',
        status: 'declined',
        at: at(0),
      }).success,
    ).toBe(false);
  });
});

describe('actionReportProblem', () => {
  const all = actionsFor(protocols, eventOf(DARIEN, { level: 'warning' }));
  it('takes a report from the organisation the action is assigned to, and refuses any other', () => {
    expect(actionReportProblem(all, report({}))).toBeNull();
    expect(actionReportProblem(all, report({ organisation: 'iom' }))).toMatch(/assigned to ops_pan, not iom/);
    expect(actionReportProblem(all, report({ actionId: 'nothing' }))).toMatch(
      /not part of this alert's response/,
    );
  });
});

describe('actionStandings', () => {
  const assigned = actionsFor(protocols, eventOf(DARIEN, { level: 'warning' })).map((a) => ({
    ...a,
    activatedAt: at(0),
    dueAt: at(a.action.deadline === 'PT72H' ? 72 * 3600 : 5 * 86400),
  }));

  it('gives each action its latest report and whether it is past its deadline and still open', () => {
    const now = at(80 * 3600);
    const reports = [
      report({ actionId: 'pan-readiness', status: 'in_progress', at: at(10) }),
      report({ actionId: 'pan-readiness', status: 'done', at: at(20) }),
      report({ actionId: 'pan-capacity', status: 'acknowledged', at: at(30) }),
    ];
    expect(actionStandings(assigned, reports, now)).toEqual([
      {
        actionId: 'pan-readiness',
        organisation: 'ops_pan',
        level: 'watch',
        dueAt: at(72 * 3600),
        status: 'done',
        overdue: false,
      },
      {
        actionId: 'pan-capacity',
        organisation: 'ops_pan',
        level: 'warning',
        dueAt: at(72 * 3600),
        status: 'acknowledged',
        overdue: true,
      },
      {
        actionId: 'iom-pre-position',
        organisation: 'iom',
        level: 'warning',
        dueAt: at(5 * 86400),
        status: null,
        overdue: false,
      },
    ]);
  });

  it('reads no report made after now, so a standing at a past moment is what it was then', () => {
    const later = [report({ actionId: 'pan-capacity', status: 'done', at: at(90 * 3600) })];
    const then = actionStandings(assigned, later, at(80 * 3600)).find((a) => a.actionId === 'pan-capacity');
    expect(then).toMatchObject({ status: null, overdue: true });
  });
});

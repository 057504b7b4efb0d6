import type { AccessRecord } from '@atalaya/contracts';
import { AccessAuditRepository } from '@atalaya/persistence';
import { databaseForSuite, runCli, type SuiteDatabase } from '@atalaya/testing';

const read = (over: Partial<AccessRecord>): AccessRecord => ({
  at: '2026-11-20T10:00:00.000Z',
  viewer: { kind: 'recipient', id: 'ops_hnd' },
  reporter: 'PAN',
  channel: 'notification',
  resource: 'ntf_one',
  indicator: 'irregular_crossings',
  purpose: 'early_warning',
  granularity: 'place',
  disaggregations: ['nationality'],
  policyVersion: 1,
  ...over,
});

/** The access audit on the real database: a state lists who read its figures, by CLI, newest first. */
describe('the access audit', () => {
  let db: SuiteDatabase;
  const audit = new AccessAuditRepository();
  const cli = (...args: string[]) => runCli({ DATABASE_URL: db.url }, 'audit', 'access', ...args);

  beforeAll(async () => {
    db = await databaseForSuite('access_audit');
    await db.dataSource.transaction((em) =>
      audit.record(em, [
        read({}),
        read({
          at: '2026-11-25T08:30:00.000Z',
          viewer: { kind: 'recipient', id: 'iom' },
          resource: 'ntf_two',
          granularity: 'national',
          disaggregations: [],
          purpose: 'response_planning',
          policyVersion: 2,
        }),
        read({
          reporter: 'HND',
          viewer: { kind: 'public', id: 'public' },
          channel: 'feed',
          resource: 'cap.atom',
        }),
      ]),
    );
  });

  afterAll(() => db?.drop());

  it("lists a state's reads only, newest first, each as it was recorded", async () => {
    const listed = await audit.list(db.dataSource.manager, { reporter: 'PAN' });
    expect(listed.map((r) => [r.viewer.id, r.resource, r.policyVersion])).toEqual([
      ['iom', 'ntf_two', 2],
      ['ops_hnd', 'ntf_one', 1],
    ]);
    expect(listed[1]).toEqual(read({}));
  });

  it('lists the reads since an instant', async () => {
    const since = await audit.list(db.dataSource.manager, { reporter: 'PAN', since: '2026-11-21T00:00:00Z' });
    expect(since.map((r) => r.resource)).toEqual(['ntf_two']);
  });

  it('prints them with `atalaya audit access`, and refuses what is not a state or an instant', async () => {
    const printed = await cli('--reporter', 'PAN', '--since', '2026-11-21T00:00:00Z');
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(
      '2026-11-25T08:30:00.000Z  recipient iom  notification ntf_two (irregular_crossings)  for response_planning: ' +
        'national  policy v2\n',
    );
    const json = await cli('--reporter', 'HND', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ viewer: { kind: 'public' }, channel: 'feed' });
    expect((await cli('--reporter', 'GTM')).stdout).toBe("no read of GTM's figures\n");
    expect((await cli('--reporter', 'Panama')).stderr).toContain('ISO 3166-1 alpha-3');
    expect((await cli('--reporter', 'PAN', '--since', 'last week')).stderr).toContain('ISO 8601 instant');
  });
});

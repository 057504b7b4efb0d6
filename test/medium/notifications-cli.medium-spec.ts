import { NotificationsRepository } from '@atalaya/persistence';
import { databaseForSuite, runCli, type SuiteDatabase } from '@atalaya/testing';

/** The operator's side of the delivery log: listing dead letters and re-driving them, audited. */
describe('atalaya notifications on the real database', () => {
  let db: SuiteDatabase;
  const cli = (...args: string[]) =>
    runCli({ DATABASE_URL: db.url }, 'notifications', ...args).then(({ code, stdout, stderr }) => ({
      code,
      stdout,
      stderr,
    }));

  beforeAll(async () => {
    db = await databaseForSuite('notifications_cli');
    await db.dataSource.transaction(async (em) => {
      await new NotificationsRepository().enqueue(
        em,
        ['ntf_a', 'ntf_b'].map((id) => ({
          id,
          recipientId: id === 'ntf_a' ? 'iom' : 'unhcr',
          channel: 'webhook' as const,
          alertId: `alert-${id}`,
          eventId: `event-${id}`,
          body: '{}',
          createdAt: new Date('2026-12-01T20:00:00Z'),
        })),
      );
      await em.query(
        `UPDATE notifications SET status = 'dead_lettered', attempts = 8, last_error = 'http://127.0.0.1:9/hook: fetch failed (ECONNREFUSED)'`,
      );
    });
  });

  afterAll(() => db?.drop());

  it('lists the dead letters of one recipient with their last error', async () => {
    const listed = await cli('dead', '--recipient', 'iom');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toBe(
      'ntf_a  webhook  iom  alert alert-ntf_a  8 attempt(s)  http://127.0.0.1:9/hook: fetch failed (ECONNREFUSED)\n',
    );
    expect(listed.stderr).toBe('notifications: 1 dead-lettered\n');
  });

  it('re-drives what is dead-lettered, audited, and says what it left alone', async () => {
    const moved = await cli(
      'redrive',
      'ntf_a',
      'ntf_missing',
      '--by',
      'operator@oas.org',
      '--reason',
      'receiver back',
    );
    expect(moved).toEqual({
      code: 1,
      stdout: 're-driven ntf_a/webhook\n',
      stderr: 'notifications: not dead-lettered, left alone: ntf_missing\n',
    });
    const [row] = await db.dataSource.query<{ status: string }[]>(
      `SELECT status FROM notifications WHERE id = 'ntf_a'`,
    );
    expect(row.status).toBe('pending');
    const audit = await db.dataSource.query<{ actor: string; subject: string }[]>(
      `SELECT actor, subject FROM dispatch_audit WHERE action = 'redrive'`,
    );
    expect(audit).toEqual([{ actor: 'operator@oas.org', subject: 'ntf_a/webhook' }]);
    expect((await cli('dead')).stdout).toContain('ntf_b  webhook  unhcr');
  });
});

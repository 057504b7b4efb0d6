import { runHealthChecks } from './health';

describe('runHealthChecks', () => {
  it('is ok when every dependency answers', async () => {
    const report = await runHealthChecks([{ name: 'db', check: () => Promise.resolve() }]);
    expect(report).toEqual({ status: 'ok', checks: { db: { status: 'ok' } } });
  });

  it('names the dependency that is down and why', async () => {
    const report = await runHealthChecks([
      { name: 'db', check: () => Promise.resolve() },
      { name: 'kafka', check: () => Promise.reject(new Error('connection refused')) },
    ]);
    expect(report).toEqual({
      status: 'unavailable',
      checks: { db: { status: 'ok' }, kafka: { status: 'down', error: 'connection refused' } },
    });
  });

  it('does not hang on a dependency that never answers', async () => {
    const report = await runHealthChecks([{ name: 'kafka', check: () => new Promise(() => undefined) }], 20);
    expect(report.checks.kafka).toEqual({ status: 'down', error: 'kafka did not answer within 20 ms' });
  });
});

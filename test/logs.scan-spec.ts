import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findSecrets, requireEnv, runLogs, runSecrets } from '@atalaya/testing';

/**
 * Runs after every other suite of the run (test/run-all.sh): reads every log the run wrote (each service's
 * output, every broker's and PostgreSQL's logs) for a key, a secret or a password, whether one the run made
 * (the secured brokers' SCRAM passwords, webhook secrets) or anything shaped like one.
 */
describe('the logs of this test run', () => {
  const runDir = requireEnv('ATALAYA_RUN_DIR');
  const logs = runLogs(runDir);
  const { secrets } = runSecrets(runDir);

  it('were written: the run’s broker and the services of its suites', () => {
    expect(logs.some((f) => f.endsWith(join('kafka', 'logs', 'server.log')))).toBe(true);
    expect(logs.some((f) => f.includes(`${join('logs', 'ingest-')}`))).toBe(true);
  });

  it('knows the secrets of the secured broker the full run starts (test/security.e2e-spec.ts)', () => {
    if (process.env.ATALAYA_FULL_RUN !== '1') return;
    // The broker's admin and keystore secrets and one password per principal of the access plan.
    expect(secrets.length).toBeGreaterThan(40);
  });

  it('hold no key, secret or password', () => {
    const found = logs.flatMap((file) =>
      findSecrets(relative(runDir, file), readFileSync(file, 'utf8'), secrets),
    );
    expect(found).toEqual([]);
  });
});

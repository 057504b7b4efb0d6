import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promtool, repoRoot } from '@atalaya/testing';

const dir = 'deploy/observability';
const rules = readdirSync(join(repoRoot(), dir))
  .filter((f) => f.endsWith('.rules.yml'))
  .map((f) => `${dir}/${f}`);

/** Prometheus's own checker on the alerting rules for operating Atalaya, and on their unit tests. */
describe('the alerting rules of deploy/observability under promtool', () => {
  it('are valid rules files', () => {
    expect(rules.length).toBeGreaterThan(0);
    const checked = promtool(['check', 'rules', ...rules]);
    expect(checked.output).not.toMatch(/FAILED/);
    expect(checked.status).toBe(0);
  });

  it('fire on the series their unit tests make up, and only then', () => {
    const tested = promtool(['test', 'rules', `${dir}/atalaya.rules.test.yml`]);
    expect(tested.output).toMatch(/SUCCESS/);
    expect(tested.status).toBe(0);
  });
});

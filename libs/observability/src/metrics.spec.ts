import { ServiceMetrics } from './metrics';

const stage = async (m: ServiceMetrics, name: string) => {
  const { values } = await m.stageSeconds.get();
  const of = (metricName: string, le?: number) =>
    values.find(
      (v) =>
        v.metricName === metricName &&
        v.labels.stage === name &&
        (le === undefined || (v.labels as { le?: number }).le === le),
    )?.value;
  return {
    count: of('atalaya_stage_duration_seconds_count'),
    sum: of('atalaya_stage_duration_seconds_sum'),
    within: (le: number) => of('atalaya_stage_duration_seconds_bucket', le),
  };
};

describe('ServiceMetrics', () => {
  it('counts a stage in seconds from the timestamp a message carries', async () => {
    const m = new ServiceMetrics('test');
    m.stageCompleted('observation', 1_000, 3_500);
    m.stageCompleted('observation', 1_000, 91_000);
    const observed = await stage(m, 'observation');
    expect(observed.count).toBe(2);
    expect(observed.sum).toBeCloseTo(92.5);
    expect(observed.within(2.5)).toBe(1);
    expect(observed.within(60)).toBe(1);
    expect(observed.within(120)).toBe(2);
  });

  it('counts a sender clock ahead of ours as no time at all', async () => {
    const m = new ServiceMetrics('test');
    m.stageCompleted('intake', 5_000, 2_000);
    const observed = await stage(m, 'intake');
    expect(observed.count).toBe(1);
    expect(observed.sum).toBe(0);
    expect(observed.within(0.01)).toBe(1);
  });

  it('leaves out the default gauges that are named like counters', async () => {
    const text = await new ServiceMetrics('test').registry.metrics();
    // The by-type gauges stay (their samples come and go with the process's handles); the sums do not.
    expect(text).toContain('# TYPE nodejs_active_handles gauge');
    for (const sum of ['handles', 'requests', 'resources'])
      expect(text).not.toContain(`nodejs_active_${sum}_total`);
  });
});

/** Cumulative bucket counts of `atalaya_stage_duration_seconds`, by stage and upper bound (seconds). */
export type StageBuckets = Map<string, Map<number, number>>;

const BUCKET =
  /^atalaya_stage_duration_seconds_bucket\{(?=[^}]*stage="([a-z]+)")(?=[^}]*le="([^"]+)")[^}]*\} (\S+)$/;

/** The stage histograms in some services' Prometheus texts, added up. */
export function stageBuckets(texts: readonly string[]): StageBuckets {
  const out: StageBuckets = new Map();
  for (const line of texts.flatMap((t) => t.split('\n'))) {
    const m = BUCKET.exec(line);
    if (!m) continue;
    const le = m[2] === '+Inf' ? Number.POSITIVE_INFINITY : Number(m[2]);
    const stage = out.get(m[1]) ?? new Map<number, number>();
    stage.set(le, (stage.get(le) ?? 0) + Number(m[3]));
    out.set(m[1], stage);
  }
  return out;
}

/**
 * Each stage's median and 99th percentile between two snapshots, as the bucket bound they fall under
 * (milliseconds; a bound, not an exact figure), with how many messages completed the stage meanwhile.
 */
export function stageSpread(
  before: StageBuckets,
  after: StageBuckets,
): Record<string, { count: number; p50UnderMs: number; p99UnderMs: number }> {
  const out: Record<string, { count: number; p50UnderMs: number; p99UnderMs: number }> = {};
  for (const [stage, buckets] of after) {
    const bounds = [...buckets.keys()].sort((a, b) => a - b);
    const counts = bounds.map((le) => (buckets.get(le) ?? 0) - (before.get(stage)?.get(le) ?? 0));
    const total = counts[counts.length - 1] ?? 0;
    if (total === 0) continue;
    const under = (q: number) => {
      const i = counts.findIndex((c) => c >= q * total);
      return bounds[i] === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : bounds[i] * 1000;
    };
    out[stage] = { count: total, p50UnderMs: under(0.5), p99UnderMs: under(0.99) };
  }
  return out;
}

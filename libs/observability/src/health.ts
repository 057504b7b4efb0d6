/** A dependency /health reports on: resolves when reachable, throws with the reason when not. */
export interface HealthCheck {
  readonly name: string;
  check(): Promise<void>;
}

export interface HealthReport {
  readonly status: 'ok' | 'unavailable';
  readonly checks: Record<string, { status: 'ok' } | { status: 'down'; error: string }>;
}

export async function runHealthChecks(
  checks: readonly HealthCheck[],
  timeoutMs = 3000,
): Promise<HealthReport> {
  const results = await Promise.all(
    checks.map(async (c) => {
      try {
        await withTimeout(c.check(), timeoutMs, `${c.name} did not answer within ${timeoutMs} ms`);
        return [c.name, { status: 'ok' as const }] as const;
      } catch (e) {
        return [c.name, { status: 'down' as const, error: (e as Error).message }] as const;
      }
    }),
  );
  return {
    status: results.every(([, r]) => r.status === 'ok') ? 'ok' : 'unavailable',
    checks: Object.fromEntries(results) as HealthReport['checks'],
  };
}

async function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

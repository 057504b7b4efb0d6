/**
 * The least and greatest value a variable takes over { y ≥ 0 : A y = b }, by the two-phase simplex method
 * with Bland's rule: the oracle the suppression's properties are checked with, independent of its own check.
 * Returns undefined when the system has no solution.
 */
export function variableBounds(
  a: readonly (readonly number[])[],
  b: readonly number[],
  variable: number,
): { min: number; max: number } | undefined {
  const min = optimum(a, b, variable, 1);
  const max = optimum(a, b, variable, -1);
  return min === undefined || max === undefined ? undefined : { min, max: -max };
}

const EPS = 1e-9;

/** min over the feasible set of sign·y[variable]. */
function optimum(
  a: readonly (readonly number[])[],
  b: readonly number[],
  variable: number,
  sign: 1 | -1,
): number | undefined {
  const m = a.length;
  const n = a[0]?.length ?? 0;
  // Tableau rows: [coefficients of n variables, m artificials | rhs], with b made non-negative.
  const t = a.map((row, i) => {
    const s = b[i] < 0 ? -1 : 1;
    return [...row.map((v) => s * v), ...Array.from({ length: m }, (_, k) => (k === i ? 1 : 0)), s * b[i]];
  });
  const basis = Array.from({ length: m }, (_, i) => n + i);
  const width = n + m;
  const run = (cost: number[], allowed: (j: number) => boolean): boolean => {
    for (;;) {
      const reduced = Array.from({ length: width }, (_, j) =>
        allowed(j) ? cost[j] - basis.reduce((s, bj, i) => s + cost[bj] * t[i][j], 0) : 0,
      );
      const entering = reduced.findIndex((r) => r < -EPS);
      if (entering < 0) return true;
      let leaving = -1;
      let ratio = Infinity;
      for (let i = 0; i < m; i++) {
        if (t[i][entering] > EPS) {
          const q = t[i][width] / t[i][entering];
          if (q < ratio - EPS || (Math.abs(q - ratio) <= EPS && basis[i] < basis[leaving])) {
            ratio = q;
            leaving = i;
          }
        }
      }
      if (leaving < 0) return false;
      pivot(t, leaving, entering);
      basis[leaving] = entering;
    }
  };
  const phase1 = Array.from({ length: width }, (_, j) => (j >= n ? 1 : 0));
  run(phase1, () => true);
  const infeasibility = basis.reduce((s, bj, i) => s + (bj >= n ? t[i][width] : 0), 0);
  if (infeasibility > 1e-7) return undefined;
  // Drive artificials out of the basis where possible; rows where it is not are redundant.
  basis.forEach((bj, i) => {
    if (bj < n) return;
    const j = t[i].findIndex((v, k) => k < n && Math.abs(v) > EPS);
    if (j >= 0) {
      pivot(t, i, j);
      basis[i] = j;
    }
  });
  const cost = Array.from({ length: width }, (_, j) => (j === variable ? sign : 0));
  if (!run(cost, (j) => j < n)) return -Infinity;
  return basis.reduce((s, bj, i) => s + cost[bj] * t[i][width], 0);
}

function pivot(t: number[][], row: number, column: number): void {
  const p = t[row][column];
  t[row] = t[row].map((v) => v / p);
  t.forEach((r, i) => {
    if (i === row) return;
    const f = r[column];
    if (Math.abs(f) > EPS) t[i] = r.map((v, k) => v - f * t[row][k]);
  });
}

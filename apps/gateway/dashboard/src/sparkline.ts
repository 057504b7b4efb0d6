import type { SharedFiguresResponse } from '@atalaya/contracts';

type Figure = SharedFiguresResponse['figures'][number];

/** The series a state's sparkline draws: its national figures, else the location it reports most periods for. */
export function sparklineFigures(figures: readonly Figure[]): Figure[] {
  const byLocation = new Map<string, Map<string, Figure>>();
  for (const f of figures) {
    const where = [f.location.admin1 ?? '-', f.location.place ?? '-'].join('/');
    const periods = byLocation.get(where) ?? new Map<string, Figure>();
    periods.set(f.period.end, f);
    byLocation.set(where, periods);
  }
  const chosen =
    byLocation.get('-/-') ??
    [...byLocation.values()].sort((a, b) => b.size - a.size).at(0) ??
    new Map<string, Figure>();
  return [...chosen.values()].sort((a, b) => a.period.end.localeCompare(b.period.end));
}

/** An SVG polyline's points for values drawn left to right in a `width` × `height` box, highest at the top. */
export function sparklinePoints(values: readonly number[], width: number, height: number, pad = 2): string {
  if (values.length === 0) return '';
  const min = Math.min(...values);
  const span = Math.max(...values) - min || 1;
  const step = values.length === 1 ? 0 : (width - 2 * pad) / (values.length - 1);
  return values
    .map((v, i) => {
      const x = pad + i * step;
      const y = height - pad - ((v - min) / span) * (height - 2 * pad);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

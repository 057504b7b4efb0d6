/** How a level is drawn: a fill, the text written on it, a pattern of its own, and its rank among levels. */
export interface LevelStyle {
  readonly fill: string;
  readonly text: string;
  /** A CSS class whose background pattern tells the level apart without its colour. */
  readonly patternClass: string;
  /** An ECharts decal with the same pattern, for the map and the charts. */
  readonly decal: {
    readonly symbol: string;
    readonly symbolSize: number;
    readonly dashArrayX: number | number[];
    readonly dashArrayY: number | number[];
    readonly rotation: number;
    readonly color: string;
  };
  readonly rank: number;
}

/** The page's background and the border drawn round every coloured area. */
export const PAGE_BACKGROUND = '#ffffff';
export const OUTLINE = '#1b1b1b';

const pattern = (
  symbol: string,
  rotation: number,
  dashArrayX: number | number[],
  dashArrayY: number | number[],
) => ({
  symbol,
  symbolSize: 1,
  dashArrayX,
  dashArrayY,
  rotation,
  color: 'rgba(27, 27, 27, 0.35)',
});

const styles: Readonly<Record<string, LevelStyle>> = {
  none: {
    fill: '#eef1f4',
    text: '#1b1b1b',
    patternClass: 'pattern-none',
    decal: pattern('none', 0, 0, 0),
    rank: 0,
  },
  watch: {
    fill: '#ffd84d',
    text: '#1b1b1b',
    patternClass: 'pattern-watch',
    decal: pattern('circle', 0, [1, 6], [1, 6]),
    rank: 1,
  },
  warning: {
    fill: '#f08c2e',
    text: '#1b1b1b',
    patternClass: 'pattern-warning',
    decal: pattern('rect', Math.PI / 4, [2, 5], [8, 0]),
    rank: 2,
  },
  emergency: {
    fill: '#b3261e',
    text: '#ffffff',
    patternClass: 'pattern-emergency',
    decal: pattern('rect', Math.PI / 4, [2, 3], [2, 3]),
    rank: 3,
  },
};

/** A level of a trigger that names its own: drawn apart from the usual three, ranked by its severity. */
const other: Omit<LevelStyle, 'rank'> = {
  fill: '#5e4b8b',
  text: '#ffffff',
  patternClass: 'pattern-other',
  decal: pattern('triangle', 0, [2, 6], [2, 6]),
};

const severityRank: Readonly<Record<string, number>> = { Minor: 1, Moderate: 1, Severe: 2, Extreme: 3 };

/** The three levels of the catalogue, lowest first: what a legend lists. */
export const usualLevels = ['watch', 'warning', 'emergency'] as const;

/** How a level is drawn; `null` (no active alert) is `none`. A level of another name ranks by its severity. */
export function levelStyle(level: string | null, severity?: string): LevelStyle {
  const known = styles[level ?? 'none'];
  if (known) return known;
  return { ...other, rank: severityRank[severity ?? ''] ?? 1 };
}

/** The highest of some alerts' levels, `null` when there are none. */
export function highestLevel<T extends { level: string | null; severity?: string }>(
  alerts: readonly T[],
): T | null {
  return alerts.reduce<T | null>(
    (best, a) =>
      a.level !== null &&
      (best === null || levelStyle(a.level, a.severity).rank > levelStyle(best.level, best.severity).rank)
        ? a
        : best,
    null,
  );
}

/** How a level is drawn: a fill, the text written on it, a pattern of its own, and its rank among levels. */
export interface LevelStyle {
  readonly fill: string;
  readonly text: string;
  /** Lines and outlines drawn in the level's colour on the page: at least 3:1 against it. */
  readonly stroke: string;
  /** A CSS background (image and tile size) whose pattern tells the level apart without its colour. */
  readonly cssPattern: { readonly image: string; readonly size: string };
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
    stroke: '#1b1b1b',
    cssPattern: { image: 'none', size: 'auto' },
    decal: pattern('none', 0, 0, 0),
    rank: 0,
  },
  watch: {
    fill: '#ffd84d',
    text: '#1b1b1b',
    stroke: '#8a6d00',
    cssPattern: {
      image: 'radial-gradient(circle, rgba(27, 27, 27, 0.6) 1.2px, transparent 1.5px)',
      size: '5px 5px',
    },
    decal: pattern('circle', 0, [1, 6], [1, 6]),
    rank: 1,
  },
  warning: {
    fill: '#f08c2e',
    text: '#1b1b1b',
    stroke: '#b35900',
    cssPattern: {
      image: 'repeating-linear-gradient(45deg, rgba(27, 27, 27, 0.6) 0 2px, transparent 2px 6px)',
      size: 'auto',
    },
    decal: pattern('rect', Math.PI / 4, [2, 5], [8, 0]),
    rank: 2,
  },
  emergency: {
    fill: '#b3261e',
    text: '#ffffff',
    stroke: '#b3261e',
    cssPattern: {
      image:
        'repeating-linear-gradient(45deg, rgba(255, 255, 255, 0.75) 0 2px, transparent 2px 5px), repeating-linear-gradient(-45deg, rgba(255, 255, 255, 0.75) 0 2px, transparent 2px 5px)',
      size: 'auto',
    },
    decal: pattern('rect', Math.PI / 4, [2, 3], [2, 3]),
    rank: 3,
  },
};

/** A level of a trigger that names its own: drawn apart from the usual three, ranked by its severity. */
const other: Omit<LevelStyle, 'rank'> = {
  fill: '#5e4b8b',
  text: '#ffffff',
  stroke: '#5e4b8b',
  cssPattern: {
    image: 'repeating-linear-gradient(0deg, rgba(255, 255, 255, 0.75) 0 2px, transparent 2px 5px)',
    size: 'auto',
  },
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

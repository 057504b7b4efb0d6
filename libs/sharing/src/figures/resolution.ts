import { Figure } from './figure.types';

/** How finely in time figures are shown: as reported, or by calendar month. */
export const resolutions = ['reported', 'month'] as const;
export type Resolution = (typeof resolutions)[number];

/** What the time aggregation needs of an indicator: a flow's periods add up, a stock's do not. */
export type IndicatorKind = (indicator: string) => 'flow' | 'stock' | undefined;

const monthOf = (date: string) => date.slice(0, 7);

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * Figures by calendar month, each series apart (a period counts in the month it starts): a flow's figures of
 * the month added up, their breakdown cells added category by category; a stock's last figure of the month
 * as it stands. Done before the sharing policies apply, so that suppression sees the monthly cells it
 * publishes. An indicator of unknown kind is left as reported.
 */
export function byMonth(figures: readonly Figure[], kindOf: IndicatorKind): Figure[] {
  const groups = new Map<string, Figure[]>();
  const kept: Figure[] = [];
  for (const f of figures) {
    if (kindOf(f.indicator) === undefined) {
      kept.push(f);
      continue;
    }
    const { country, admin1, place } = f.location;
    const key = [f.reporter, f.indicator, country, admin1 ?? '-', place ?? '-', monthOf(f.period.start)].join(
      '|',
    );
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  const months = [...groups.values()].map((group) => {
    const month = monthOf(group[0].period.start);
    const period = { start: `${month}-01`, end: lastDayOf(month) };
    if (kindOf(group[0].indicator) === 'stock') {
      const last = group.reduce((a, b) => (b.period.end > a.period.end ? b : a));
      return { ...last, period };
    }
    const cells = new Map<string, NonNullable<Figure['disaggregation']>[number]>();
    for (const cell of group.flatMap((f) => f.disaggregation ?? [])) {
      const { value, ...categories } = cell;
      const k = JSON.stringify([categories.nationality, categories.sex, categories.ageBand]);
      const before = cells.get(k);
      cells.set(k, { ...categories, value: (before?.value ?? 0) + value });
    }
    const everyBroken = group.every((f) => (f.disaggregation ?? []).length > 0);
    return {
      ...group[0],
      period,
      value: group.reduce((sum, f) => sum + f.value, 0),
      ...(everyBroken ? { disaggregation: [...cells.values()] } : { disaggregation: undefined }),
    };
  });
  return [
    ...kept,
    ...months.map(({ disaggregation, ...f }) => (disaggregation ? { ...f, disaggregation } : f)),
  ];
}

/** Only the latest period of each series: the latest values, place by place. */
export function latestOnly(figures: readonly Figure[]): Figure[] {
  const latest = new Map<string, Figure>();
  for (const f of figures) {
    const { country, admin1, place } = f.location;
    const key = [f.reporter, f.indicator, country, admin1 ?? '-', place ?? '-'].join('|');
    const before = latest.get(key);
    if (!before || f.period.start > before.period.start) latest.set(key, f);
  }
  return [...latest.values()];
}

import type { AlertSpan, BacktestDiff, MovedAlert, Scoring, Trigger } from '@atalaya/triggers';

/** What `atalaya triggers diff` and `propose` print: per trigger, what the proposal changes on history. */
export interface DiffReport {
  readonly history: string;
  readonly observations: number;
  /** The proposed versions, each with the version in force it would replace (undefined for a new trigger). */
  readonly pairs: readonly { readonly inForce: Trigger | undefined; readonly proposed: Trigger }[];
  readonly diff: BacktestDiff;
  /** With known events: the score of the history under each side. */
  readonly scores?: { readonly inForce: Scoring; readonly proposed: Scoring };
}

export function formatDiff(r: DiffReport): string {
  const lines = [
    `backtest diff over ${r.observations} observations from ${r.history}: alerts the proposal gains, loses ` +
      'and moves against the versions in force (effective dates left aside: the same history under both)',
    '',
  ];
  for (const { inForce, proposed } of r.pairs) {
    const own = (spans: readonly AlertSpan[]) => spans.filter((s) => s.triggerId === proposed.id);
    const gained = own(r.diff.gained);
    const lost = own(r.diff.lost);
    const moved = r.diff.moved.filter((m) => m.after.triggerId === proposed.id);
    const name = `${proposed.id}${inForce ? `@${inForce.version}` : ' (new)'} → @${proposed.version}`;
    lines.push(
      `${name}: ${gained.length} gained, ${lost.length} lost, ${moved.length} moved${score(r, proposed.id)}`,
    );
    lines.push(...gained.map((s) => `  gained  ${spanText(s)}`));
    lines.push(...lost.map((s) => `  lost    ${spanText(s)}`));
    lines.push(...moved.map((m) => `  moved   ${movedText(m)}`));
  }
  lines.push('', `${r.diff.unchanged} alerts raised, topped and resolved alike under both`);
  return lines.join('\n');
}

function score(r: DiffReport, triggerId: string): string {
  if (!r.scores) return '';
  const of = (s: Scoring) => s.triggers.find((t) => t.triggerId === triggerId);
  const [was, is] = [of(r.scores.inForce), of(r.scores.proposed)];
  if (!was || !is) return '';
  const part = (label: string, a: number, b: number) => `${label} ${a === b ? a : `${a} → ${b}`}`;
  return (
    `; known events: ${part('hits', was.hits.length, is.hits.length)}, ` +
    `${part('misses', was.misses.length, is.misses.length)}, ` +
    `${part('false alarms', was.falseAlarms.length, is.falseAlarms.length)}`
  );
}

function spanText(s: AlertSpan): string {
  return `${s.seriesKey}  raised ${month(s.raised)}, top ${s.top}, ${resolvedText(s.resolved)}`;
}

function movedText(m: MovedAlert): string {
  const parts = [`raised ${change(m.before.raised, m.after.raised, m.raisedMonths)}`];
  if (m.before.top !== m.after.top) parts.push(`top ${m.before.top} → ${m.after.top}`);
  if (m.before.resolved !== m.after.resolved) {
    parts.push(
      m.resolvedMonths === null
        ? `${resolvedText(m.before.resolved)} → ${resolvedText(m.after.resolved)}`
        : `resolved ${change(m.before.resolved as string, m.after.resolved as string, m.resolvedMonths)}`,
    );
  }
  return `${m.after.seriesKey}  ${parts.join(', ')}`;
}

function change(before: string, after: string, months: number): string {
  if (months === 0) return month(after);
  const n = Math.abs(months);
  const sign = `${n} ${n === 1 ? 'month' : 'months'} ${months > 0 ? 'later' : 'earlier'}`;
  return `${month(before)} → ${month(after)} (${sign})`;
}

const resolvedText = (at: string | null): string =>
  at === null ? 'still in force' : `resolved ${month(at)}`;

const month = (date: string): string => date.slice(0, 7);

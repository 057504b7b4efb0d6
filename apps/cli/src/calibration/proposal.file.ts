import type { CalibrationBasis, Recalibrated, Recalibration, Trigger } from '@atalaya/triggers';
import { Document, isMap, isSeq, type YAMLMap, type YAMLSeq } from 'yaml';

/**
 * The proposal file of a recalibration: a catalogue of the new versions, each `status: proposed`, with the
 * basis of its levels written above it, so the negotiators read where every figure comes from. It parses
 * as a catalogue (`atalaya triggers validate`) and is what `atalaya triggers submit` puts to the states.
 */
export function proposalFile(run: Recalibration, catalogue: string, history: string): string {
  const proposals = run.proposals.filter((p) => p.changed);
  const doc = new Document({ triggers: proposals.map((p) => p.to) });
  doc.commentBefore = [
    ` Proposed recalibration of ${catalogue} as of ${run.asOf}, on ${history}:`,
    ` the ${run.settings.years} years of figures from ${run.window.from.slice(0, 7)} up to ${run.window.until.slice(0, 7)} (excluded).`,
    ' Method: docs/catalogue.md, "Calibration". Every version below is `status: proposed` until the states of',
    ' its `agreedBy` (those that agreed the version it replaces, else those whose territory it covers) endorse',
    ' it (docs/governance.md); `atalaya triggers diff` shows what it changes on history.',
    ...unchanged(run),
    ...run.skipped.map((s) => ` Not recalibrated: ${s.triggerId}: ${s.reason}.`),
  ].join('\n');
  const items = doc.get('triggers', true) as YAMLSeq;
  items.items.forEach((item, i) => {
    const node = item as YAMLMap;
    node.commentBefore = basisLines(proposals[i]).join('\n');
    flowStyle(node.get('levels', true));
    flowStyle(node.get('overrides', true));
    inline(node.get('agreedBy', true));
    const scope = node.get('scope', true);
    if (isMap(scope)) scope.items.forEach((pair) => inline(pair.value));
  });
  return doc.toString({ lineWidth: 110 });
}

function unchanged(run: Recalibration): string[] {
  const same = run.proposals.filter((p) => !p.changed).map((p) => `${p.triggerId}@${p.from.version}`);
  return same.length > 0 ? [` Unchanged by the recalibration, so not proposed: ${same.join(', ')}.`] : [];
}

function basisLines(p: Recalibrated): string[] {
  const head = ` ${p.triggerId}@${p.from.version} → @${p.to.version}`;
  if (p.followed) {
    return [
      head,
      ...p.followed.map(
        (f) =>
          `   member ${f.place}/${f.indicator}: ${f.from} → ${f.to}, the ${f.level} level of ${f.triggerId}`,
      ),
    ];
  }
  return [head, ...p.basis.map((b) => basisLine(b, p.from))];
}

function basisLine(b: CalibrationBasis, from: Trigger): string {
  const whose = b.state ? `${b.state}'s own` : 'levels';
  const levels = b.levels.map((l) => {
    const before = levelBefore(from, l.name, b.state);
    return `${l.name} ${l.above} (p${l.percentile} ${round(l.quantile)}; was ${before})`;
  });
  return `   ${whose}, ${b.values} values of ${b.seriesKeys.length} series: ${levels.join(', ')}`;
}

function levelBefore(t: Trigger, name: string, state: string | undefined): string {
  const override = t.overrides.find((o) => o.state === state);
  const own = override && 'levels' in override ? override.levels[name]?.above : undefined;
  return String(own ?? t.levels.find((l) => l.name === name)?.above ?? '—');
}

const round = (v: number): string => (Math.abs(v) >= 100 ? String(Math.round(v)) : v.toFixed(3));

/** A list of codes on one line: `[PAN, HND]`. */
function inline(node: unknown): void {
  if (isSeq(node)) node.flow = true;
}

/** Levels and overrides one to a line, as the catalogue writes them. */
function flowStyle(node: unknown): void {
  if (!isSeq(node)) return;
  node.items.forEach((item) => {
    if (isMap(item)) item.flow = true;
  });
}

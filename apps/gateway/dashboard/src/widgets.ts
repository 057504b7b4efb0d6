import { h, svg } from './dom';
import { levelText } from './i18n';
import { levelStyle, OUTLINE } from './levels';
import { sparklinePoints } from './sparkline';

/**
 * A level as a chip: a patterned swatch and the level's name on its colour. The colours are set through the
 * CSSOM from levels.ts, which the Content-Security-Policy allows where it forbids style attributes.
 */
export function levelChip(level: string | null, severity?: string): HTMLElement {
  const style = levelStyle(level, severity);
  const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  swatch.style.backgroundColor = style.fill;
  swatch.style.backgroundImage = style.cssPattern.image;
  swatch.style.backgroundSize = style.cssPattern.size;
  const chip = h('span', { class: 'level-chip', 'data-level': level ?? 'none' }, swatch, levelText(level));
  chip.style.backgroundColor = style.fill;
  chip.style.color = style.text;
  chip.style.borderColor = OUTLINE;
  return chip;
}

/** A section of a view with its heading, labelled by it for assistive technology. */
export function section(id: string, heading: string, ...children: (Node | string | null)[]): HTMLElement {
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': `${id}-heading`, id },
    h('h2', { id: `${id}-heading` }, heading),
    ...children,
  );
}

/**
 * A table with a caption and column headers; each row's first cell is its row header. A caption that repeats
 * its section's heading is kept for screen readers only.
 */
export function table(
  caption: string,
  headers: readonly string[],
  rows: readonly (readonly (Node | string)[])[],
  captionShown = true,
): HTMLTableElement {
  return h(
    'table',
    {},
    h('caption', captionShown ? {} : { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...headers.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...rows.map((cells) =>
        h('tr', {}, ...cells.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c)))),
      ),
    ),
  );
}

/** A small line of values, described in words for a screen reader. */
export function sparkline(values: readonly number[], label: string): Element {
  const width = 120;
  const height = 28;
  const points = sparklinePoints(values, width, height);
  const [cx, cy] = (points.split(' ').at(-1) ?? '').split(',');
  return svg(
    'svg',
    {
      width: String(width),
      height: String(height),
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-label': label,
      class: 'sparkline',
    },
    svg('title', {}, document.createTextNode(label)),
    svg('polyline', { points, fill: 'none', stroke: '#1f4e79', 'stroke-width': '2' }),
    // The latest figure as a dot, so that a series of one period shows too.
    svg('circle', { cx, cy, r: '2.5', fill: '#1f4e79' }),
  );
}

/** A message that something could not be shown, and why. */
export const notice = (text: string, kind: 'info' | 'error' = 'info'): HTMLElement =>
  h('p', { class: `notice notice-${kind}`, ...(kind === 'error' ? { role: 'alert' } : {}) }, text);

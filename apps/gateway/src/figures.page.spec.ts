import fc from 'fast-check';
import { figuresPage } from './figures.page';

const at = (start: string, id = 0) => ({ id, period: { start } });

describe('figuresPage', () => {
  it('serves everything read when it fits, with no next page', () => {
    expect(figuresPage([at('2024-01-01'), at('2024-02-01')], 2)).toEqual({
      kind: 'page',
      figures: [at('2024-01-01'), at('2024-02-01')],
    });
  });

  it('cuts before the period the limit falls in, and starts the next page there', () => {
    const rows = [at('2024-01-01', 1), at('2024-01-01', 2), at('2024-02-01', 3), at('2024-02-01', 4)];
    expect(figuresPage(rows, 3)).toEqual({
      kind: 'page',
      figures: rows.slice(0, 2),
      nextStart: '2024-02-01',
    });
  });

  it('says so when one period alone holds more figures than a page', () => {
    const rows = [at('2024-01-01', 1), at('2024-01-01', 2), at('2024-01-01', 3)];
    expect(figuresPage(rows, 2)).toEqual({ kind: 'period-too-large', start: '2024-01-01' });
  });

  it('pages through any sorted figures whole, once each, never splitting a period', () => {
    const sorted = fc
      .array(fc.integer({ min: 1, max: 28 }), { maxLength: 60 })
      .map((days) =>
        days.sort((a, b) => a - b).map((d, id) => at(`2024-01-${String(d).padStart(2, '0')}`, id)),
      );
    fc.assert(
      fc.property(sorted, fc.integer({ min: 1, max: 10 }), (rows, limit) => {
        const pages: (typeof rows)[] = [];
        let rest = rows;
        for (;;) {
          const page = figuresPage(rest.slice(0, limit + 1), limit);
          if (page.kind === 'period-too-large') {
            expect(rest.filter((r) => r.period.start === page.start).length).toBeGreaterThan(limit);
            return;
          }
          expect(page.figures.length).toBeLessThanOrEqual(limit);
          pages.push(page.figures);
          if (page.nextStart === undefined) break;
          const next = page.nextStart;
          rest = rest.filter((r) => r.period.start >= next);
        }
        expect(pages.flat()).toEqual(rows);
        const starts = pages.map((p) => new Set(p.map((r) => r.period.start)));
        for (let i = 1; i < starts.length; i += 1)
          for (const s of starts[i]) expect(starts[i - 1].has(s)).toBe(false);
      }),
    );
  });
});

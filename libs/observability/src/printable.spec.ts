import fc from 'fast-check';
import { printable } from './printable';

describe('printable', () => {
  it('keeps what a reader can read, accents and scripts included', () => {
    expect(printable('pan-2023-01 Darién Tapachula 北京')).toBe('pan-2023-01 Darién Tapachula 北京');
  });

  it.each([
    ['a line break that would forge a log line', 'id\n{"level":60}', 'id\\u{a}{"level":60}'],
    ['a terminal escape', '\u001b[31mred', '\\u{1b}[31mred'],
    ['a direction override', '\u202eevil\u202c', '\\u{202e}evil\\u{202c}'],
    ['a zero-width joiner', 'a\u200db', 'a\\u{200d}b'],
    ['a line separator', 'a\u2028b', 'a\\u{2028}b'],
    ['a NUL', 'a\u0000b', 'a\\u{0}b'],
  ])('writes out %s', (_name, text, shown) => {
    expect(printable(text)).toBe(shown);
  });

  it('cuts long text, and says so', () => {
    expect(printable('x'.repeat(500))).toBe(`${'x'.repeat(128)}…`);
    expect(printable('abc', 2)).toBe('ab…');
  });

  it('never lets a control or format character through, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        expect(printable(s)).not.toMatch(/[\p{C}\p{Zl}\p{Zp}]/u);
      }),
      { numRuns: 2000 },
    );
  });
});

import { contrastRatio } from './contrast';
import { highestLevel, levelStyle, OUTLINE, PAGE_BACKGROUND, usualLevels } from './levels';

describe('level styles', () => {
  const all = [null, ...usualLevels, 'flood'];

  it('writes each level’s label at WCAG AA contrast on its fill, and outlines it at 3:1 or more', () => {
    for (const level of all) {
      const { fill, text } = levelStyle(level);
      const { stroke } = levelStyle(level);
      expect({
        level,
        text: contrastRatio(text, fill) >= 4.5,
        stroke: contrastRatio(stroke, PAGE_BACKGROUND) >= 3,
      }).toEqual({
        level,
        text: true,
        stroke: true,
      });
    }
    expect(contrastRatio(OUTLINE, PAGE_BACKGROUND)).toBeGreaterThanOrEqual(3);
  });

  it('gives every level its own fill and its own pattern', () => {
    const styles = all.map((l) => levelStyle(l));
    expect(new Set(styles.map((s) => s.fill)).size).toBe(all.length);
    expect(new Set(styles.map((s) => s.cssPattern.image)).size).toBe(all.length);
    expect(new Set(styles.map((s) => JSON.stringify(s.decal))).size).toBe(all.length);
  });

  it('ranks the usual levels in order, and another level by its severity', () => {
    expect(usualLevels.map((l) => levelStyle(l).rank)).toEqual([1, 2, 3]);
    expect(levelStyle('flood', 'Extreme').rank).toBe(3);
    expect(levelStyle('flood').rank).toBe(1);
  });

  it('picks the highest level of some alerts', () => {
    const alerts = [
      { id: 'a', level: 'watch' },
      { id: 'b', level: 'emergency' },
      { id: 'c', level: null },
      { id: 'd', level: 'warning' },
    ];
    expect(highestLevel(alerts)?.id).toBe('b');
    expect(highestLevel([{ level: null }])).toBeNull();
    expect(highestLevel([])).toBeNull();
  });
});

describe('contrastRatio', () => {
  it('is 21 for black on white and 1 for a colour on itself', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
    // WebAIM's checker gives #767676 on white 4.54:1, the lightest grey that passes AA.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });
});

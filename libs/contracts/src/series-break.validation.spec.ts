import { fakeReference } from '@atalaya/testing';
import { validateBreakDeclaration } from './series-break.validation';

const ctx = { reporter: 'PAN', reference: fakeReference };

const declaration = {
  reporter: 'PAN',
  indicator: 'irregular_crossings',
  location: { country: 'PAN', place: 'darien' },
  start: '2024-03-01',
  kind: 'coverage',
  note: 'the count now includes Bajo Chiquito',
};

const faultOf = (body: unknown, reporter = 'PAN') => {
  const verdict = validateBreakDeclaration(body, { ...ctx, reporter });
  if (verdict.ok) throw new Error('expected a fault');
  return verdict.fault;
};

describe('validateBreakDeclaration', () => {
  it('takes a start alone as the first day of the period', () => {
    expect(validateBreakDeclaration(declaration, ctx)).toEqual({
      ok: true,
      declaration: {
        reporter: 'PAN',
        indicator: 'irregular_crossings',
        location: { country: 'PAN', place: 'darien' },
        period: { start: '2024-03-01' },
        kind: 'coverage',
        note: 'the count now includes Bajo Chiquito',
      },
    });
  });

  it('takes a whole period, and a period after today (a break may be announced ahead)', () => {
    const { start: _start, ...rest } = declaration;
    const verdict = validateBreakDeclaration(
      { ...rest, period: { start: '2099-03-01', end: '2099-03-31' } },
      ctx,
    );
    expect(verdict).toMatchObject({
      ok: true,
      declaration: { period: { start: '2099-03-01', end: '2099-03-31' } },
    });
  });

  it("refuses another reporter's series with NOT_YOUR_SERIES", () => {
    expect(faultOf(declaration, 'HND')).toMatchObject({ code: 'NOT_YOUR_SERIES', path: '$.reporter' });
  });

  it.each([
    ['an unknown indicator', { indicator: 'made_up' }, 'UNKNOWN_INDICATOR', '$.indicator'],
    [
      'an unknown place',
      { location: { country: 'PAN', place: 'atlantis' } },
      'UNKNOWN_PLACE',
      '$.location.place',
    ],
    [
      'a place of another country',
      { location: { country: 'MEX', place: 'darien' } },
      'PLACE_MISMATCH',
      '$.location.place',
    ],
    ['a kind outside coverage and method', { kind: 'mood' }, 'INVALID_VALUE', '$.kind'],
    ['no kind', { kind: undefined }, 'MISSING_FIELD', '$.kind'],
    [
      'a corridor, which names no series',
      { location: { country: 'PAN', corridor: 'darien_north' } },
      'UNKNOWN_FIELD',
      '$.location',
    ],
    ['a note that is an e-mail address', { note: 'ask ana@snm.gob.pa' }, 'PERSONAL_DATA', '$.note'],
    ['a note longer than a short note', { note: 'x'.repeat(201) }, 'PERSONAL_DATA', '$.note'],
  ])('refuses %s', (_what, over, code, path) => {
    expect(faultOf({ ...declaration, ...over })).toMatchObject({ code, path });
  });

  it('wants the period in one of its two shapes, not both nor neither', () => {
    const both = { ...declaration, period: { start: '2024-03-01', end: '2024-03-31' } };
    const { start: _start, ...neither } = declaration;
    expect(faultOf(both)).toMatchObject({ code: 'INVALID_VALUE', path: '$.period' });
    expect(faultOf(neither)).toMatchObject({ code: 'INVALID_VALUE', path: '$.period' });
  });

  it('refuses an inverted period', () => {
    const { start: _start, ...rest } = declaration;
    expect(faultOf({ ...rest, period: { start: '2024-03-31', end: '2024-03-01' } })).toMatchObject({
      code: 'PERIOD_INVERTED',
      path: '$.period.end',
    });
  });

  it('refuses a body that is not an object', () => {
    expect(faultOf([declaration])).toMatchObject({ code: 'NOT_AN_OBJECT', path: '$' });
  });
});

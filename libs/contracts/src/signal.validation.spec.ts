import { darienJanuary2023, fakeReference } from '@atalaya/testing';
import { validateSignal } from './signal.validation';

const ctx = (reporter = 'PAN') => ({ reporter, reference: fakeReference, today: '2025-06-30' });

const valid = darienJanuary2023;

const withField = (path: string[], value: unknown): unknown => {
  const copy = structuredClone(valid) as Record<string, unknown>;
  let node = copy;
  path.slice(0, -1).forEach((k) => (node = node[k] as Record<string, unknown>));
  node[path[path.length - 1]] = value;
  return copy;
};

const faultOf = (raw: unknown, reporter = 'PAN') => {
  const verdict = validateSignal(typeof raw === 'string' ? raw : JSON.stringify(raw), ctx(reporter));
  if (verdict.ok) throw new Error('expected a rejection');
  return verdict.fault;
};

describe('validateSignal', () => {
  it('accepts a well-formed signal and returns it typed', () => {
    const verdict = validateSignal(JSON.stringify(valid), ctx());
    expect(verdict).toEqual({ ok: true, signal: { ...valid, revision: 1, quality: 'provisional' } });
  });

  it.each([
    ['not JSON', '{"signalId": ', 'NOT_JSON', '$'],
    ['a JSON array', '[1,2]', 'NOT_AN_OBJECT', '$'],
    ['a JSON string', '"hello"', 'NOT_AN_OBJECT', '$'],
    ['JSON null', 'null', 'NOT_AN_OBJECT', '$'],
  ])('rejects %s', (_name, raw, code, path) => {
    expect(faultOf(raw)).toMatchObject({ code, path });
  });

  it('names the missing field', () => {
    const { value: _value, ...missing } = valid;
    expect(faultOf(missing)).toEqual({
      code: 'MISSING_FIELD',
      message: '$.value is required',
      path: '$.value',
    });
  });

  it('names a nested missing field', () => {
    expect(faultOf(withField(['period', 'end'], undefined))).toMatchObject({
      code: 'MISSING_FIELD',
      path: '$.period.end',
    });
  });

  it('tells a wrong type from a missing field', () => {
    expect(faultOf(withField(['value'], '12'))).toMatchObject({ code: 'WRONG_TYPE', path: '$.value' });
  });

  it('rejects unknown fields so a typo is not silently dropped', () => {
    expect(faultOf({ ...valid, vaule: 3 })).toMatchObject({ code: 'UNKNOWN_FIELD', path: '$' });
  });

  it('rejects a malformed country code as an invalid value', () => {
    expect(faultOf(withField(['location', 'country'], 'Panama'))).toMatchObject({
      code: 'INVALID_VALUE',
      path: '$.location.country',
    });
  });

  it('rejects an impossible date', () => {
    expect(faultOf(withField(['period', 'start'], '2023-02-30'))).toMatchObject({
      code: 'INVALID_VALUE',
      path: '$.period.start',
    });
  });

  it('rejects a reporter that does not own the topic', () => {
    expect(faultOf(valid, 'HND')).toMatchObject({ code: 'REPORTER_MISMATCH', path: '$.reporter' });
  });

  it('rejects a negative count', () => {
    expect(faultOf(withField(['value'], -1))).toMatchObject({ code: 'NEGATIVE_VALUE', path: '$.value' });
  });

  it('rejects a period that ends before it starts', () => {
    expect(faultOf(withField(['period', 'end'], '2022-12-31'))).toMatchObject({
      code: 'PERIOD_INVERTED',
      path: '$.period.end',
    });
  });

  it('rejects a message over 64 KB before parsing it', () => {
    expect(faultOf(JSON.stringify({ ...valid, pad: 'x'.repeat(70_000) }))).toMatchObject({
      code: 'TOO_LARGE',
    });
  });

  it('keeps the signalId of a rejected signal so the sender can match it', () => {
    const verdict = validateSignal(JSON.stringify(withField(['value'], -5)), ctx());
    expect(verdict).toMatchObject({ ok: false, signalId: valid.signalId });
  });

  it.each([
    ['a personal field anywhere', { ...valid, passport_number: 'X1234567' }, '$.passport_number'],
    [
      'a nested personal field',
      { ...valid, location: { ...valid.location, fullName: 'x' } },
      '$.location.fullName',
    ],
    ['an e-mail address as a value', { ...valid, signalId: 'juan.perez@example.org' }, '$.signalId'],
    [
      'a phone number as a value',
      { ...valid, location: { ...valid.location, place: '+507 6123 4567' } },
      '$.location.place',
    ],
    ['free text', { ...valid, unit: 'y'.repeat(300) }, '$.unit'],
  ])('rejects %s as personal data without echoing it', (_name, raw, path) => {
    const verdict = validateSignal(JSON.stringify(raw), ctx());
    if (verdict.ok) throw new Error('expected a rejection');
    expect(verdict.fault).toMatchObject({ code: 'PERSONAL_DATA', path });
    expect(JSON.stringify(verdict)).not.toMatch(/X1234567|juan|6123|yyyy/);
  });

  it('rejects a period that ends after today', () => {
    expect(faultOf(withField(['period', 'end'], '2025-07-31'))).toMatchObject({
      code: 'PERIOD_IN_FUTURE',
      path: '$.period.end',
    });
  });

  it.each([
    ['an indicator outside the catalogue', ['indicator'], 'made_up', 'UNKNOWN_INDICATOR', '$.indicator'],
    ["a unit other than the catalogue's", ['unit'], 'beds', 'UNIT_MISMATCH', '$.unit'],
    [
      'a country that does not exist',
      ['location', 'country'],
      'XYZ',
      'UNKNOWN_COUNTRY',
      '$.location.country',
    ],
    [
      'an admin-1 of another country',
      ['location', 'admin1'],
      'MX-CHP',
      'UNKNOWN_ADMIN1',
      '$.location.admin1',
    ],
    ['a place outside the registry', ['location', 'place'], 'atlantis', 'UNKNOWN_PLACE', '$.location.place'],
    ['a place of another country', ['location', 'place'], 'tapachula', 'PLACE_MISMATCH', '$.location.place'],
    [
      'an unregistered corridor',
      ['location', 'corridor'],
      'nowhere',
      'UNKNOWN_CORRIDOR',
      '$.location.corridor',
    ],
  ])('rejects %s', (_name, path, value, code, at) => {
    expect(faultOf(withField(path, value))).toMatchObject({ code, path: at });
  });

  it('checks the nationality of each disaggregation cell', () => {
    const raw = {
      ...valid,
      disaggregation: [
        { nationality: 'VEN', value: 10 },
        { nationality: 'QQQ', value: 2 },
      ],
    };
    expect(faultOf(raw)).toMatchObject({ code: 'UNKNOWN_COUNTRY', path: '$.disaggregation[1].nationality' });
  });

  it('accepts a full signal with breakdown, revision and quality', () => {
    const full = {
      ...valid,
      location: { country: 'PAN', admin1: 'PA-5', place: 'darien', corridor: 'darien_north' },
      unit: 'persons',
      disaggregation: [
        { nationality: 'VEN', sex: 'female', ageBand: '18-59', value: 9000 },
        { nationality: 'STL', value: 3 },
      ],
      revision: 2,
      quality: 'validated',
      reportedAt: '2023-02-05T12:00:00-05:00',
    };
    expect(validateSignal(JSON.stringify(full), ctx())).toEqual({ ok: true, signal: full });
  });

  it('carries a series break annotation through, and names what is wrong with one', () => {
    const annotated = { ...valid, seriesBreak: { kind: 'method', note: 'counted at the reception centre' } };
    expect(validateSignal(JSON.stringify(annotated), ctx())).toMatchObject({
      ok: true,
      signal: { seriesBreak: { kind: 'method', note: 'counted at the reception centre' } },
    });
    expect(faultOf({ ...valid, seriesBreak: { note: 'x' } })).toMatchObject({
      code: 'MISSING_FIELD',
      path: '$.seriesBreak.kind',
    });
    expect(faultOf({ ...valid, seriesBreak: { kind: 'weather' } })).toMatchObject({
      code: 'INVALID_VALUE',
      path: '$.seriesBreak.kind',
    });
  });
});

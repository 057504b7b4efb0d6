import { validateSignal } from './signal.validation';

const valid = {
  signalId: 'pan-2023-01-crossings',
  reporter: 'PAN',
  indicator: 'irregular_crossings',
  location: { country: 'PAN', place: 'darien' },
  period: { start: '2023-01-01', end: '2023-01-31' },
  value: 24634,
};

const withField = (path: string[], value: unknown): unknown => {
  const copy = structuredClone(valid) as Record<string, unknown>;
  let node = copy;
  path.slice(0, -1).forEach((k) => (node = node[k] as Record<string, unknown>));
  node[path[path.length - 1]] = value;
  return copy;
};

const faultOf = (raw: unknown, reporter = 'PAN') => {
  const verdict = validateSignal(typeof raw === 'string' ? raw : JSON.stringify(raw), reporter);
  if (verdict.ok) throw new Error('expected a rejection');
  return verdict.fault;
};

describe('validateSignal', () => {
  it('accepts a well-formed signal and returns it typed', () => {
    const verdict = validateSignal(JSON.stringify(valid), 'PAN');
    expect(verdict).toEqual({ ok: true, signal: valid });
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
    const verdict = validateSignal(JSON.stringify(withField(['value'], -5)), 'PAN');
    expect(verdict).toMatchObject({ ok: false, signalId: valid.signalId });
  });
});

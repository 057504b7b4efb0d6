import fc from 'fast-check';
import { darienJanuary2023, fakeReference } from '@atalaya/testing';
import { judgeSample, jsonLines, jsonRecords } from './conformance';

const ctx = { reporter: 'PAN', reference: fakeReference, today: '2025-06-30' };
const line = (value: unknown) => JSON.stringify(value);
const february = {
  ...darienJanuary2023,
  signalId: 'pan-2023-02-crossings',
  period: { start: '2023-02-01', end: '2023-02-28' },
};

describe('judgeSample', () => {
  it('gives every record of a sample its verdict and line, and a summary that reconciles', () => {
    const text = Buffer.from(
      [
        line(darienJanuary2023),
        '',
        line({ ...february, value: -3 }),
        line(darienJanuary2023),
        line({ ...darienJanuary2023, value: 1 }),
        '{"signalId": "pan-broken"',
        line({ ...february, reporter: 'COL', location: { country: 'COL' } }),
      ].join('\n') + '\n',
    );
    const report = judgeSample(jsonLines(text), ctx);
    expect(report.verdicts.map((v) => [v.line, v.status, v.code])).toEqual([
      [1, 'accepted', undefined],
      [3, 'rejected', 'NEGATIVE_VALUE'],
      [4, 'duplicate', undefined],
      [5, 'rejected', 'SIGNAL_CONFLICT'],
      [6, 'rejected', 'NOT_JSON'],
      [7, 'rejected', 'REPORTER_MISMATCH'],
    ]);
    expect(report).toMatchObject({ read: 6, accepted: 1, duplicate: 1, rejected: 4 });
    expect(report.codes).toEqual({
      NEGATIVE_VALUE: 1,
      NOT_JSON: 1,
      REPORTER_MISMATCH: 1,
      SIGNAL_CONFLICT: 1,
    });
    expect(report.verdicts[1]).toMatchObject({ path: '$.value', help: '/v1/codes/NEGATIVE_VALUE' });
  });

  it('takes a lower revision for stale and a higher one for a correction, as the doors do', () => {
    const revised = { ...darienJanuary2023, signalId: 'pan-2023-01-crossings-r2', revision: 2, value: 24700 };
    const stale = { ...darienJanuary2023, signalId: 'pan-2023-01-crossings-r1b', revision: 1, value: 24600 };
    const report = judgeSample(
      [revised, stale].map((s, i) => ({ line: i + 1, raw: line(s) })),
      ctx,
    );
    expect(report.verdicts.map((v) => v.code ?? v.status)).toEqual(['accepted', 'STALE_REVISION']);
  });

  it('keeps rows a file reader already judged, with their column', () => {
    const report = judgeSample(
      [
        { line: 2, signal: { ...darienJanuary2023, revision: 1, quality: 'provisional' } },
        { line: 3, fault: { code: 'WRONG_TYPE', path: '$.value', message: 'not a number' }, column: 'valor' },
      ],
      ctx,
    );
    expect(report.verdicts[1]).toMatchObject({ line: 3, code: 'WRONG_TYPE', column: 'valor' });
  });

  it('always adds up: accepted + duplicate + rejected = read, for any sample', () => {
    const record = fc.oneof(
      fc.constant(line(darienJanuary2023)),
      fc.constant(line(february)),
      fc.integer().map((value) => line({ ...february, value })),
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(fc.array(record, { maxLength: 30 }), (raws) => {
        const report = judgeSample(
          raws.map((raw, i) => ({ line: i + 1, raw })),
          ctx,
        );
        expect(report.accepted + report.duplicate + report.rejected).toBe(report.read);
        expect(report.read).toBe(raws.length);
        expect(Object.values(report.codes).reduce((a, b) => a + b, 0)).toBe(report.rejected);
      }),
    );
  });
});

describe('jsonLines', () => {
  it('numbers lines from 1, skips blank ones and drops a CR before the LF', () => {
    expect(jsonLines(Buffer.from('{"a":1}\r\n\n  \n{"b":2}')).map((r) => [r.line, r.raw.toString()])).toEqual(
      [
        [1, '{"a":1}'],
        [4, '{"b":2}'],
      ],
    );
  });
});

describe('jsonRecords', () => {
  it('reads a JSON array item by item, and anything else as JSON lines', () => {
    const batch = Buffer.from(JSON.stringify([darienJanuary2023, february], null, 2));
    expect(jsonRecords(batch).map((r) => r.line)).toEqual([1, 2]);
    expect(judgeSample(jsonRecords(batch), ctx).accepted).toBe(2);
    expect(jsonRecords(Buffer.from('[1,\n{"a":1}')).map((r) => r.line)).toEqual([1, 2]);
  });
});

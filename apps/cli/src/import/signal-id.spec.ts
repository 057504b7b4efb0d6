import fc from 'fast-check';
import { findPersonalData, signalSchema } from '@atalaya/contracts';
import { derivedSignalId, type RowIdentity } from './signal-id';

const row: RowIdentity = {
  reporter: 'PAN',
  indicator: 'irregular_crossings',
  location: { country: 'PAN', place: 'darien' },
  period: { start: '2023-01-01', end: '2023-01-31' },
  revision: undefined,
};

describe('derivedSignalId', () => {
  it('gives the same row the same id, so a re-import re-sends the same signals', () => {
    expect(derivedSignalId(row)).toBe(derivedSignalId(structuredClone(row)));
    expect(derivedSignalId(row)).toBe(derivedSignalId({ ...row, revision: 1 }));
  });

  it('gives a correction (a higher revision) and another period other ids', () => {
    const ids = new Set([
      derivedSignalId(row),
      derivedSignalId({ ...row, revision: 2 }),
      derivedSignalId({ ...row, period: { start: '2023-02-01', end: '2023-02-28' } }),
      derivedSignalId({ ...row, location: { country: 'PAN' } }),
    ]);
    expect(ids.size).toBe(4);
  });

  it('is always a valid signal id, whatever the cells held', () => {
    const idSchema = signalSchema.shape.signalId;
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (reporter, location, period) => {
        const id = derivedSignalId({ ...row, reporter, location, period });
        expect(id).toMatch(/^import_[0-9a-f]{32}$/);
        expect(idSchema.safeParse(id).success).toBe(true);
      }),
    );
  });

  it('cannot look like a phone number, even when the digest starts with 00 and digits', () => {
    expect(findPersonalData({ signalId: 'import_00123456789012345678901234567890' })).toBeUndefined();
  });
});

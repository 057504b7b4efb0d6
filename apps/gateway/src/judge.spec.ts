import type { LedgerView } from '@atalaya/contracts';
import { fakeReference } from '@atalaya/testing';
import { ledgerEntriesOf, screenItems, settleItems, type JudgeContext } from './judge';

const ctx: JudgeContext = {
  reporter: 'PAN',
  reference: fakeReference,
  today: '2025-06-30',
  requestId: 'req-1',
};
const signal = (id: string, value = 10, revision = 1) => ({
  signalId: id,
  reporter: 'PAN',
  indicator: 'irregular_crossings',
  location: { country: 'PAN', place: 'darien' },
  period: { start: '2023-01-01', end: '2023-01-31' },
  value,
  revision,
});
const empty: LedgerView = { signal: () => undefined, revision: () => undefined };

describe('the HTTP door judgement', () => {
  it('answers each item in order with the codes of the Kafka door', () => {
    const items = [
      signal('pan-a-0001'),
      'nope',
      { ...signal('pan-b-0001'), reporter: 'HND' },
      signal('pan-a-0001'),
    ];
    const judged = settleItems(screenItems(items, ctx), empty);
    expect(judged.map((j) => (j.status === 'rejected' ? j.fault.code : j.status))).toEqual([
      'accepted',
      'NOT_AN_OBJECT',
      'REPORTER_MISMATCH',
      'duplicate',
    ]);
  });

  it('rejects a second revision 1 of the same series and period in one request as a conflict', () => {
    const judged = settleItems(screenItems([signal('pan-a-0001'), signal('pan-a-0002', 11)], ctx), empty);
    expect(judged[1]).toMatchObject({
      status: 'rejected',
      fault: { code: 'SIGNAL_CONFLICT', path: '$.revision' },
    });
  });

  it('consults the ledger for what earlier requests sent', () => {
    const screened = screenItems([signal('pan-a-0003', 5, 1)], ctx);
    const ledger: LedgerView = {
      signal: () => undefined,
      revision: () => ({ revision: 2, signalId: 'pan-a-0002' }),
    };
    expect(settleItems(screened, ledger)[0]).toMatchObject({ fault: { code: 'STALE_REVISION' } });
    expect(ledgerEntriesOf(screened)[0].origin).toBe('http:req-1:0');
  });
});

import { decideBatch, decideRevision, type LedgerEntry, type LedgerView } from './revision.rules';

const entry = (over: Partial<LedgerEntry> = {}): LedgerEntry => ({
  signalId: 'pan-2023-01-r1',
  naturalKey: 'PAN/irregular_crossings/PAN/-/darien@2023-01-01/2023-01-31',
  revision: 1,
  contentHash: 'h1',
  origin: 't:0:10',
  ...over,
});

const ledgerWith = (...accepted: LedgerEntry[]): LedgerView => ({
  signal: (id) => accepted.find((e) => e.signalId === id),
  revision: (key) => accepted.filter((e) => e.naturalKey === key).sort((a, b) => b.revision - a.revision)[0],
});

describe('decideRevision', () => {
  it('accepts a signal never seen', () => {
    expect(decideRevision(entry(), ledgerWith())).toEqual({ kind: 'accepted' });
  });

  it('calls the same id and content from elsewhere a duplicate', () => {
    expect(decideRevision(entry({ origin: 't:1:99' }), ledgerWith(entry()))).toEqual({ kind: 'duplicate' });
  });

  it('recognises the very message read again after a crash', () => {
    expect(decideRevision(entry(), ledgerWith(entry()))).toEqual({ kind: 'redelivered' });
  });

  it('rejects the same id with other content as a conflict', () => {
    expect(decideRevision(entry({ contentHash: 'h2' }), ledgerWith(entry()))).toMatchObject({
      kind: 'rejected',
      fault: { code: 'SIGNAL_CONFLICT', path: '$.signalId' },
    });
  });

  it('lets a higher revision supersede', () => {
    const r2 = entry({ signalId: 'pan-2023-01-r2', revision: 2, contentHash: 'h2' });
    expect(decideRevision(r2, ledgerWith(entry()))).toEqual({
      kind: 'accepted',
      supersedes: 'pan-2023-01-r1',
    });
  });

  it('rejects a lower revision as stale and an equal one as a conflict', () => {
    const r2 = entry({ signalId: 'pan-2023-01-r2', revision: 2 });
    const r1 = entry({ signalId: 'pan-2023-01-r1b', revision: 1, contentHash: 'h3' });
    expect(decideRevision(r1, ledgerWith(r2))).toMatchObject({ fault: { code: 'STALE_REVISION' } });
    const other2 = entry({ signalId: 'pan-2023-01-r2b', revision: 2, contentHash: 'h4' });
    expect(decideRevision(other2, ledgerWith(r2))).toMatchObject({
      fault: { code: 'SIGNAL_CONFLICT', path: '$.revision' },
    });
  });
});

describe('decideBatch', () => {
  it('judges later entries of a batch against earlier ones', () => {
    const r1 = entry();
    const r2 = entry({ signalId: 'pan-2023-01-r2', revision: 2, contentHash: 'h2', origin: 't:0:11' });
    const stale = entry({ signalId: 'pan-2023-01-r1x', revision: 1, contentHash: 'h9', origin: 't:0:12' });
    const again = entry({ origin: 't:0:13' });
    expect(decideBatch([r1, r2, stale, again], ledgerWith()).map((d) => d.kind)).toEqual([
      'accepted',
      'accepted',
      'rejected',
      'duplicate',
    ]);
  });
});

import { topicNames } from '@atalaya/contracts';
import { fakeReference } from '@atalaya/testing';
import { screen, settle, type IntakeContext } from './intake';

const ctx: IntakeContext = {
  topics: topicNames('t.'),
  reference: fakeReference,
  now: new Date('2023-02-01T10:00:00Z'),
  today: '2023-02-01',
};
const source = { topic: 't.atalaya.signals.PAN', partition: 1, offset: '42' };
const signal = {
  signalId: 'pan-2023-01',
  reporter: 'PAN',
  indicator: 'irregular_crossings',
  location: { country: 'PAN', place: 'darien' },
  period: { start: '2023-01-01', end: '2023-01-31' },
  value: 24634,
};
const raw = (v: unknown) => Buffer.from(JSON.stringify(v));

const valid = () => {
  const s = screen(ctx, source, raw(signal));
  if (s.kind !== 'valid') throw new Error('expected a valid signal');
  return s;
};

describe('screen', () => {
  it('passes a valid signal on with its ledger entry', () => {
    const { contentHash, ...entry } = valid().entry;
    expect(entry).toEqual({
      signalId: 'pan-2023-01',
      naturalKey: 'PAN/irregular_crossings/PAN/-/darien@2023-01-01/2023-01-31',
      revision: 1,
      origin: 't.atalaya.signals.PAN:1:42',
    });
    expect(contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects with the reporter of the topic, the source position and the payload', () => {
    expect(screen(ctx, source, Buffer.from('{oops'))).toMatchObject({
      kind: 'rejected',
      rejection: {
        reporter: 'PAN',
        code: 'NOT_JSON',
        path: '$',
        source: { door: 'kafka', ...source },
        payload: '{oops',
      },
    });
  });

  it('treats a message with no value as not JSON', () => {
    expect(screen(ctx, source, null)).toMatchObject({ rejection: { code: 'NOT_JSON' } });
  });

  it('truncates a long payload in the rejection', () => {
    const outcome = screen(ctx, source, Buffer.from(`{${'x'.repeat(5000)}`));
    if (outcome.kind !== 'rejected') throw new Error('expected a rejection');
    expect(outcome.rejection.payload).toHaveLength(2048);
  });

  it('never echoes what looked like personal data', () => {
    const outcome = screen(ctx, source, raw({ ...signal, passport: 'AB123456' }));
    if (outcome.kind !== 'rejected') throw new Error('expected a rejection');
    expect(outcome.rejection.code).toBe('PERSONAL_DATA');
    expect(JSON.stringify(outcome.rejection)).not.toContain('AB123456');
  });
});

describe('settle', () => {
  it('turns an accepted signal into an observation keyed by its series', () => {
    expect(settle(ctx, valid(), { kind: 'accepted', supersedes: 'pan-2023-01-old' })).toEqual({
      kind: 'accepted',
      observation: {
        ...signal,
        revision: 1,
        quality: 'provisional',
        seriesKey: 'PAN/irregular_crossings/PAN/-/darien',
        receivedAt: '2023-02-01T10:00:00.000Z',
        source,
        supersedes: 'pan-2023-01-old',
      },
    });
  });

  it('produces the observation again for a redelivered message', () => {
    expect(settle(ctx, valid(), { kind: 'redelivered' })).toMatchObject({ kind: 'accepted' });
  });

  it('turns a ledger fault into a rejection of the signal', () => {
    const fault = { code: 'STALE_REVISION' as const, message: 'old', path: '$.revision' };
    expect(settle(ctx, valid(), { kind: 'rejected', fault })).toMatchObject({
      kind: 'rejected',
      rejection: { code: 'STALE_REVISION', signalId: 'pan-2023-01', source: { door: 'kafka' } },
    });
  });
});

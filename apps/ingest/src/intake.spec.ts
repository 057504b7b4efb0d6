import { topicNames } from '@atalaya/contracts';
import { takeIn } from './intake';

const topics = topicNames('t.');
const at = new Date('2023-02-01T10:00:00Z');
const source = { topic: 't.atalaya.signals.PAN', partition: 1, offset: '42' };
const signal = {
  signalId: 'pan-2023-01',
  reporter: 'PAN',
  indicator: 'irregular_crossings',
  location: { country: 'PAN', place: 'darien' },
  period: { start: '2023-01-01', end: '2023-01-31' },
  value: 24634,
};

describe('takeIn', () => {
  it('turns a valid signal into an observation keyed by its series', () => {
    const outcome = takeIn(topics, source, Buffer.from(JSON.stringify(signal)), at);
    expect(outcome).toEqual({
      kind: 'accepted',
      observation: {
        ...signal,
        seriesKey: 'PAN/irregular_crossings/PAN/-/darien',
        receivedAt: '2023-02-01T10:00:00.000Z',
        source,
      },
    });
  });

  it('rejects with the reporter of the topic, the source position and the payload', () => {
    const outcome = takeIn(topics, source, Buffer.from('{oops'), at);
    expect(outcome).toMatchObject({
      kind: 'rejected',
      rejection: { reporter: 'PAN', code: 'NOT_JSON', path: '$', source, payload: '{oops' },
    });
  });

  it('treats a message with no value as not JSON', () => {
    expect(takeIn(topics, source, null, at)).toMatchObject({ rejection: { code: 'NOT_JSON' } });
  });

  it('truncates a long payload in the rejection', () => {
    const big = JSON.stringify({ ...signal, value: -1, pad: 'x'.repeat(5000) });
    const outcome = takeIn(topics, source, Buffer.from(big), at);
    if (outcome.kind !== 'rejected') throw new Error('expected a rejection');
    expect(outcome.rejection.payload).toHaveLength(2048);
  });
});

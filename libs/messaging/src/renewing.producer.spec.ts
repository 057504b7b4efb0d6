import type { Producer, RecordMetadata } from 'kafkajs';
import { isDesynchronised, RenewingProducer } from './renewing.producer';

/** A stand-in for a kafkajs producer: each send answers with the next of `answers` ('ok' or an error type). */
function fakeProducers(answers: string[]) {
  const made: { id: number; sends: number; connected: boolean }[] = [];
  const create = () => {
    const me = { id: made.length + 1, sends: 0, connected: false };
    made.push(me);
    const send = () => {
      me.sends += 1;
      if (!me.connected) return Promise.reject(new Error('The producer is disconnected'));
      const answer = answers.shift() ?? 'ok';
      if (answer === 'ok')
        return Promise.resolve([{ topicName: 't', partition: 0, errorCode: 0 }] as RecordMetadata[]);
      return Promise.reject(Object.assign(new Error(answer), { type: answer }));
    };
    return {
      connect: () => Promise.resolve(void (me.connected = true)),
      disconnect: () => Promise.resolve(void (me.connected = false)),
      send,
      sendBatch: send,
    } as unknown as Producer;
  };
  return { made, create };
}

const record = { topic: 't', messages: [{ value: 'v' }] };

describe('RenewingProducer', () => {
  it('sends on one producer while the broker agrees with it', async () => {
    const { made, create } = fakeProducers(['ok', 'ok']);
    const p = new RenewingProducer(create);
    await p.connect();
    await p.send(record);
    await p.sendBatch({ topicMessages: [record] });
    expect(made.map((m) => m.sends)).toEqual([2]);
    expect(p.renewals).toBe(0);
  });

  it.each(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'INVALID_PRODUCER_EPOCH', 'UNKNOWN_PRODUCER_ID'])(
    'after %s, makes the send again on a new producer and closes the old one',
    async (type) => {
      const { made, create } = fakeProducers([type, 'ok']);
      const p = new RenewingProducer(create);
      await p.connect();
      await expect(p.send(record)).resolves.toHaveLength(1);
      expect(made.map((m) => [m.sends, m.connected])).toEqual([
        [1, false],
        [1, true],
      ]);
      expect(p.renewals).toBe(1);
    },
  );

  it('passes any other error on, keeping its producer', async () => {
    const { made, create } = fakeProducers(['NOT_LEADER_FOR_PARTITION']);
    const p = new RenewingProducer(create);
    await p.connect();
    await expect(p.send(record)).rejects.toThrow('NOT_LEADER_FOR_PARTITION');
    expect(made).toHaveLength(1);
  });

  it('replaces the producer once when concurrent sends fail on it together', async () => {
    const { made, create } = fakeProducers(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'OUT_OF_ORDER_SEQUENCE_NUMBER']);
    const p = new RenewingProducer(create);
    await p.connect();
    await Promise.all([p.send(record), p.send(record)]);
    expect(made).toHaveLength(2);
    expect(made[1].sends).toBe(2);
  });

  it('fails a send that fails again on the new producer, and the next send uses the new one', async () => {
    const { made, create } = fakeProducers(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'REQUEST_TIMED_OUT', 'ok']);
    const p = new RenewingProducer(create);
    await p.connect();
    await expect(p.send(record)).rejects.toThrow('REQUEST_TIMED_OUT');
    await p.send(record);
    expect(made.map((m) => m.sends)).toEqual([1, 2]);
  });

  it('knows the desynchronising answers by their kafkajs type', () => {
    expect(isDesynchronised({ type: 'OUT_OF_ORDER_SEQUENCE_NUMBER' })).toBe(true);
    expect(isDesynchronised(new Error('OUT_OF_ORDER_SEQUENCE_NUMBER'))).toBe(false);
    expect(isDesynchronised(undefined)).toBe(false);
  });
});

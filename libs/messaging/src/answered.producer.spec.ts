import type { Admin, ProducerBatch, RecordMetadata } from 'kafkajs';
import { AnsweredProducer, unanswered } from './answered.producer';
import type { MessageProducer } from './renewing.producer';

/** A topic of three partitions, each with a leader. */
const admin = {
  connect: () => Promise.resolve(),
  disconnect: () => Promise.resolve(),
  fetchTopicMetadata: ({ topics }: { topics: string[] }) =>
    Promise.resolve({
      topics: topics.map((name) => ({
        name,
        partitions: [0, 1, 2].map((partitionId) => ({ partitionId, leader: 1, replicas: [1], isr: [1] })),
      })),
    }),
} as unknown as Admin;

/** A producer that answers for every partition it was sent, except those `drop` names on the first send. */
function fakeProducer(drop: number[]) {
  const sent: ProducerBatch[] = [];
  const producer: MessageProducer = {
    connect: () => Promise.resolve(),
    disconnect: () => Promise.resolve(),
    send: () => Promise.reject(new Error('not used')),
    sendBatch: (batch) => {
      sent.push(batch);
      const answers = (batch.topicMessages ?? []).flatMap((t) =>
        [...new Set(t.messages.map((m) => m.partition as number))]
          .filter((p) => sent.length > 1 || !drop.includes(p))
          .map((partition): RecordMetadata => ({ topicName: t.topic, partition, errorCode: 0 })),
      );
      return Promise.resolve(answers);
    },
  };
  return { producer, sent };
}

const messages = ['PAN/a', 'HND/b', 'MEX/c', 'COL/d', 'GTM/e', 'USA/f'].map((key) => ({ key, value: key }));

describe('AnsweredProducer', () => {
  it('sends again, alone, the messages of a partition the send came back without', async () => {
    const { producer, sent } = fakeProducer([1]);
    const answered = new AnsweredProducer(producer, admin);
    const answers = await answered.send({ topic: 'obs', messages });
    expect(sent).toHaveLength(2);
    const first = sent[0].topicMessages?.[0].messages ?? [];
    const resent = sent[1].topicMessages?.[0].messages ?? [];
    expect(resent.map((m) => m.key)).toEqual(first.filter((m) => m.partition === 1).map((m) => m.key));
    expect(resent.length).toBeGreaterThan(0);
    expect(new Set(answers.map((a) => a.partition))).toEqual(new Set(first.map((m) => m.partition)));
  });

  it('places each keyed message where kafkajs’ Java-compatible partitioner would', async () => {
    const { producer, sent } = fakeProducer([]);
    await new AnsweredProducer(producer, admin).send({ topic: 'obs', messages });
    const placed = (sent[0].topicMessages?.[0].messages ?? []).map((m) => [m.key, m.partition]);
    const again = fakeProducer([]);
    await new AnsweredProducer(again.producer, admin).send({ topic: 'obs', messages });
    expect((again.sent[0].topicMessages?.[0].messages ?? []).map((m) => [m.key, m.partition])).toEqual(
      placed,
    );
    expect(sent).toHaveLength(1);
  });

  it('fails after its resends when a partition never answers', async () => {
    const never: MessageProducer = {
      ...fakeProducer([]).producer,
      sendBatch: () => Promise.resolve([]),
    };
    await expect(new AnsweredProducer(never, admin).send({ topic: 'obs', messages })).rejects.toThrow(
      /answered no write for obs\[/,
    );
  });
});

describe('unanswered', () => {
  it('keeps the messages of partitions without an answer, and drops topics left empty', () => {
    const sent = [
      {
        topic: 'a',
        messages: [
          { value: '1', partition: 0 },
          { value: '2', partition: 1 },
        ],
      },
      { topic: 'b', messages: [{ value: '3', partition: 0 }] },
    ];
    const answers = [
      { topicName: 'a', partition: 0, errorCode: 0 },
      { topicName: 'b', partition: 0, errorCode: 0 },
    ];
    expect(unanswered(sent, answers)).toEqual([{ topic: 'a', messages: [{ value: '2', partition: 1 }] }]);
  });
});

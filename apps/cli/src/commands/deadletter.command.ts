import type { Command } from 'commander';
import { topicNames, type TopicNames } from '@atalaya/contracts';
import { kafkaConnection, loadRuntimeConfig } from '@atalaya/config';
import { createKafka, createProducer } from '@atalaya/messaging';
import { createLogger } from '@atalaya/observability';
import type { Admin, Kafka } from 'kafkajs';
import { deadLetterLine } from '../deadletter/dead-letter-line';
import {
  deadLetterTopics,
  readDeadLetters,
  replayMessage,
  REPLAY_GROUP,
  type DeadLetter,
} from '../deadletter/dead-letters';

interface Selection {
  topic?: string;
}

export function deadletterCommand(program: Command): void {
  const deadletter = program
    .command('deadletter')
    .description('inspect and re-drive the messages consumers set aside on atalaya.deadletter.<topic>');
  deadletter
    .command('list')
    .description(
      'print the dead letters not replayed yet: where each came from, after how many attempts, why',
    )
    .option('--topic <topic>', 'only this dead-letter topic (or the topic its messages came from)')
    .option('--all', 'include those already replayed')
    .option('--json', 'print JSON lines')
    .action((opts: Selection & { all?: boolean; json?: boolean }) =>
      withKafka(async (kafka, admin, topics) => {
        const letters = (await select(kafka, admin, topics, opts)).filter((d) => opts.all || !d.replayed);
        letters.forEach((d) => console.log(opts.json ? JSON.stringify(asJson(d)) : deadLetterLine(d)));
        if (!opts.json)
          console.error(`deadletter: ${letters.length} ${opts.all ? 'in all' : 'not replayed'}`);
      }),
    );
  deadletter
    .command('replay')
    .description(
      'send every dead letter not replayed yet back to the topic it came from, as first sent (after fixing its cause)',
    )
    .option('--topic <topic>', 'only this dead-letter topic (or the topic its messages came from)')
    .option('--dry-run', 'print what would be replayed, send nothing')
    .action((opts: Selection & { dryRun?: boolean }) =>
      withKafka(async (kafka, admin, topics) => {
        const letters = (await select(kafka, admin, topics, opts)).filter((d) => !d.replayed);
        const messages = letters.map((d) => ({ letter: d, message: replayMessage(d, topics) }));
        if (opts.dryRun) {
          letters.forEach((d) => console.log(`would replay ${deadLetterLine(d)}`));
          console.error(`deadletter: ${letters.length} would be replayed (dry run, nothing sent)`);
          return;
        }
        const producer = createProducer(kafka);
        await producer.connect();
        try {
          for (const { letter, message } of messages) {
            await producer.send({ topic: message.topic, messages: [message] });
            await admin.setOffsets({
              groupId: REPLAY_GROUP,
              topic: letter.deadLetterTopic,
              partitions: [{ partition: letter.partition, offset: (BigInt(letter.offset) + 1n).toString() }],
            });
            console.log(`replayed ${deadLetterLine(letter)}`);
          }
        } finally {
          await producer.disconnect();
        }
        console.error(`deadletter: ${letters.length} replayed`);
      }),
    );
}

async function select(
  kafka: Kafka,
  admin: Admin,
  topics: TopicNames,
  { topic }: Selection,
): Promise<DeadLetter[]> {
  const all = await deadLetterTopics(admin, topics);
  const wanted = topic === undefined ? all : all.filter((t) => t === topic || topics.sourceOf(t) === topic);
  if (topic !== undefined && wanted.length === 0) {
    throw new Error(
      `no dead-letter topic for "${topic}"; the dead-letter topics are: ${all.join(', ') || 'none'}`,
    );
  }
  return readDeadLetters(kafka, admin, wanted);
}

async function withKafka(
  work: (kafka: Kafka, admin: Admin, topics: TopicNames) => Promise<void>,
): Promise<void> {
  const config = loadRuntimeConfig();
  const kafka = createKafka(kafkaConnection(config), 'atalaya-cli', createLogger('cli', 'warn'));
  const admin = kafka.admin();
  await admin.connect();
  try {
    await work(kafka, admin, topicNames(config.ATALAYA_TOPIC_PREFIX));
  } finally {
    await admin.disconnect();
  }
}

function asJson(d: DeadLetter): object {
  return {
    deadLetterTopic: d.deadLetterTopic,
    partition: d.partition,
    offset: d.offset,
    replayed: d.replayed,
    origin: d.origin,
    key: d.key,
    value: d.value?.toString() ?? null,
  };
}

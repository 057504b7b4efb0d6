import type { Command } from 'commander';
import { alertEventSchema, topicNames } from '@atalaya/contracts';
import { kafkaConnection, loadRuntimeConfig } from '@atalaya/config';
import { createKafka } from '@atalaya/messaging';
import { createLogger } from '@atalaya/observability';
import { alertLine } from '../alert-line';

export function alertsCommand(program: Command): void {
  const alerts = program.command('alerts').description('watch alert events');
  alerts
    .command('follow')
    .description(
      'print every alert event on the alerts topic as it arrives, from the beginning (Ctrl-C stops)',
    )
    .option('--json', 'print the events as JSON lines')
    .action(async (opts: { json?: boolean }) => {
      const config = loadRuntimeConfig();
      const kafka = createKafka(kafkaConnection(config), 'atalaya-cli', createLogger('cli', 'warn'));
      // A group of its own each time: following never moves anybody else's offsets.
      const consumer = kafka.consumer({
        groupId: `atalaya-cli-follow-${process.pid}-${Date.now()}`,
        maxWaitTimeInMs: 250,
      });
      await consumer.connect();
      await consumer.subscribe({
        topic: topicNames(config.ATALAYA_TOPIC_PREFIX).alerts,
        fromBeginning: true,
      });
      const stop = () => {
        // Leave the group politely, but never hang on it: with the broker gone, disconnect waits forever.
        setTimeout(() => process.exit(0), 3000).unref();
        void consumer.disconnect().finally(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await consumer.run({
        eachMessage: ({ message }) => {
          const event = alertEventSchema.parse(JSON.parse(message.value?.toString() ?? ''));
          console.log(opts.json ? JSON.stringify(event) : alertLine(event));
          return Promise.resolve();
        },
      });
    });
}

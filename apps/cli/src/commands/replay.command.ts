import type { Command } from 'commander';
import { seriesKeyOf, topicNames } from '@atalaya/contracts';
import { kafkaConnection, loadRuntimeConfig } from '@atalaya/config';
import { createKafka, createProducer } from '@atalaya/messaging';
import { createLogger } from '@atalaya/observability';
import { loadFeed } from '../feed';

export function replayCommand(program: Command): void {
  program
    .command('replay')
    .argument('[manifest]', 'feed manifest', 'deploy/demo/feed.yaml')
    .option('--month-ms <ms>', 'pause between two months of the feed', '150')
    .description('publish a feed of real monthly series, month by month, as each state would')
    .action(async (manifest: string, opts: { monthMs: string }) => {
      const config = loadRuntimeConfig();
      const topics = topicNames(config.ATALAYA_TOPIC_PREFIX);
      const signals = loadFeed(manifest);
      const producer = createProducer(
        createKafka(kafkaConnection(config), 'atalaya-replay', createLogger('cli', 'warn')),
      );
      await producer.connect();
      try {
        const months = [...new Set(signals.map((s) => s.period.start))];
        for (const month of months) {
          const due = signals.filter((s) => s.period.start === month);
          await producer.sendBatch({
            acks: -1,
            topicMessages: due.map((s) => ({
              topic: topics.signals(s.reporter),
              // Keyed by series: one series stays on one partition, so its months arrive in order.
              messages: [{ key: seriesKeyOf(s), value: JSON.stringify(s) }],
            })),
          });
          await new Promise((r) => setTimeout(r, Number(opts.monthMs)));
        }
        console.log(`replayed ${signals.length} signals over ${months.length} months from ${manifest}`);
      } finally {
        await producer.disconnect();
      }
    });
}

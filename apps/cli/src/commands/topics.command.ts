import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { kafkaConnection, loadRuntimeConfig } from '@atalaya/config';
import { createKafka, parseTopicPlan, provisionTopics } from '@atalaya/messaging';
import { createLogger } from '@atalaya/observability';

export function topicsCommand(program: Command): void {
  program
    .command('topics')
    .description('create the missing Kafka topics of deploy/topics.yaml (never deletes or alters one)')
    .action(async () => {
      const config = loadRuntimeConfig();
      const plan = parseTopicPlan(
        readFileSync(config.ATALAYA_TOPICS_FILE, 'utf8'),
        config.ATALAYA_TOPIC_PREFIX,
      );
      const admin = createKafka(kafkaConnection(config), 'atalaya-cli', createLogger('cli', 'warn')).admin();
      await admin.connect();
      try {
        const created = await provisionTopics(admin, plan.topics);
        console.log(`topics: ${plan.topics.length} in plan, ${created.length} created, all have leaders`);
      } finally {
        await admin.disconnect();
      }
    });
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { kafkaConnection, loadRuntimeConfig } from '@atalaya/config';
import { accessPlan, applyAccessPlan, createKafka, parseTopicPlan, type Principal } from '@atalaya/messaging';
import { createLogger } from '@atalaya/observability';

function planPrincipals(): Principal[] {
  const config = loadRuntimeConfig();
  const plan = parseTopicPlan(readFileSync(config.ATALAYA_TOPICS_FILE, 'utf8'), config.ATALAYA_TOPIC_PREFIX);
  return accessPlan(plan, config.ATALAYA_TOPIC_PREFIX);
}

const describeRule = (r: Principal['acls'][number]) =>
  `${r.operations.join('+')} ${r.resource} ${r.name}${r.pattern === 'prefixed' ? '*' : ''}`;

export function kafkaCommand(program: Command): void {
  const kafka = program
    .command('kafka')
    .description(
      "the broker's principals and ACLs, from deploy/topics.yaml's access plan (docs/security.md)",
    );

  kafka
    .command('principals')
    .description('list every principal of the access plan and what it may do')
    .option('--json', 'as JSON')
    .action((opts: { json?: boolean }) => {
      const principals = planPrincipals();
      if (opts.json) {
        console.log(JSON.stringify(principals, null, 2));
        return;
      }
      for (const p of principals) {
        console.log(`${p.name} (${p.kind} ${p.subject}; groups ${p.groupPrefix}*)`);
        for (const rule of p.acls) console.log(`  ${describeRule(rule)}`);
      }
    });

  kafka
    .command('credentials')
    .description(
      'write a SCRAM password file for every principal that has none yet (never changes one), for ' +
        '`KAFKA_AUTH=scram deploy/local/kafka.sh start` to create the users',
    )
    .requiredOption('--dir <dir>', "the broker's security folder, e.g. .run/stack/kafka/security")
    .action((opts: { dir: string }) => {
      const dir = join(opts.dir, 'passwords');
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      let made = 0;
      const principals = planPrincipals();
      for (const p of principals) {
        const file = join(dir, p.name);
        if (existsSync(file)) continue;
        writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600, flag: 'wx' });
        made += 1;
      }
      console.log(`kafka credentials: ${principals.length} principals, ${made} new password files in ${dir}`);
    });

  kafka
    .command('acls')
    .description(
      "make the broker's ACLs the access plan's: create what is missing, delete what the plan no longer " +
        'grants (run as the broker admin: KAFKA_SASL_USERNAME=admin)',
    )
    .action(async () => {
      const config = loadRuntimeConfig();
      const admin = createKafka(kafkaConnection(config), 'atalaya-cli', createLogger('cli', 'warn')).admin();
      await admin.connect();
      try {
        const { created, removed, total } = await applyAccessPlan(admin, planPrincipals());
        console.log(`kafka acls: ${total} in the plan, ${created} created, ${removed} removed`);
      } finally {
        await admin.disconnect();
      }
    });
}

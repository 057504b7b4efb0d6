#!/usr/bin/env node
import 'reflect-metadata';
import { Command } from 'commander';
import { alertsCommand } from './commands/alerts.command';
import { migrateCommand } from './commands/migrate.command';
import { replayCommand } from './commands/replay.command';
import { topicsCommand } from './commands/topics.command';
import { triggersCommand } from './commands/triggers.command';
import { keysCommand } from './commands/keys.command';
import { contractsCommand } from './commands/contracts.command';
import { importCommand } from './commands/import.command';
import { backtestCommand } from './commands/backtest.command';
import { deadletterCommand } from './commands/deadletter.command';
import { ackCommand } from './commands/ack.command';
import { notificationsCommand } from './commands/notifications.command';
import { recipientsCommand } from './commands/recipients.command';
import { actionsCommand } from './commands/actions.command';
import { silencesCommand } from './commands/silences.command';
import { breaksCommand } from './commands/breaks.command';
import { auditCommand } from './commands/audit.command';
import { sharingCommand } from './commands/sharing.command';
import { kafkaCommand } from './commands/kafka.command';
import { kubernetesCommand } from './commands/kubernetes.command';
import { conformanceCommand } from './commands/conformance.command';

const program = new Command('atalaya').description('Atalaya operator commands').showHelpAfterError();
[
  migrateCommand,
  topicsCommand,
  triggersCommand,
  replayCommand,
  alertsCommand,
  keysCommand,
  contractsCommand,
  importCommand,
  conformanceCommand,
  backtestCommand,
  deadletterCommand,
  ackCommand,
  notificationsCommand,
  recipientsCommand,
  actionsCommand,
  silencesCommand,
  breaksCommand,
  auditCommand,
  sharingCommand,
  kafkaCommand,
  kubernetesCommand,
].forEach((add) => add(program));

program.parseAsync().catch((err: unknown) => {
  console.error(`atalaya: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

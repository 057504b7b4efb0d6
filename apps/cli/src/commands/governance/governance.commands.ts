import type { Command } from 'commander';
import { historyCommand } from './history.command';
import { stanceCommands } from './stance.command';
import { submitCommand } from './submit.command';

/** The states' changes to the triggers: proposals submitted, endorsed or objected to, and their history. */
export function governanceCommands(triggers: Command): void {
  submitCommand(triggers);
  stanceCommands(triggers);
  historyCommand(triggers);
}

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { loadRuntimeConfig, type RuntimeConfig } from '@atalaya/config';
import { parseTopicPlan } from '@atalaya/messaging';
import { RecipientRegistryRepository } from '@atalaya/persistence';
import { loadReference } from '@atalaya/reference/files';
import {
  allRoutes,
  compileRoutes,
  parseResponsesFile,
  parseRoutingFile,
  recipientSchema,
  RoutingCatalogueError,
  withRecipientChanges,
  type RecipientChange,
  type ResponsesFile,
  type RoutingFile,
  type RoutingReference,
} from '@atalaya/routing';
import { loadCatalogueRouting } from '@atalaya/routing/files';
import { CatalogueError, parseCatalogue } from '@atalaya/triggers';
import { parse as parseYaml } from 'yaml';
import { withDatabase } from '../with-database';

const registry = new RecipientRegistryRepository();

export function recipientsCommand(program: Command): void {
  const recipients = program
    .command('recipients')
    .description('work with the recipients, routes and response protocols');
  recipients
    .command('validate')
    .argument(
      '[file]',
      'recipients file (default: recipients.yaml in ATALAYA_REFERENCE_DIR, deploy/catalogue)',
    )
    .option('--responses <file>', 'response protocols (default: responses.yaml beside the recipients file)')
    .description(
      'check the recipients, the routing tree, the inhibit rules and the response protocols against the ' +
        'reference data and the trigger catalogue (ATALAYA_CATALOGUE), and point at the line of every problem',
    )
    .action((file: string | undefined, options: { responses?: string }) => {
      const config = loadRuntimeConfig();
      const recipientsPath = file ?? join(config.ATALAYA_REFERENCE_DIR, 'recipients.yaml');
      const responsesPath = options.responses ?? join(dirname(recipientsPath), 'responses.yaml');
      try {
        const reference = loadReference(config.ATALAYA_REFERENCE_DIR);
        const catalogue = parseCatalogue(
          readFileSync(config.ATALAYA_CATALOGUE, 'utf8'),
          config.ATALAYA_CATALOGUE,
          reference,
        );
        const against: RoutingReference = { ...reference, triggers: catalogue.triggers };
        const problems: string[] = [];
        const routing = collect(problems, () =>
          parseRoutingFile(readText(recipientsPath), recipientsPath, against),
        );
        // Recipients that fail a cross-check still name the organisations the protocols may assign to.
        const shaped =
          routing ?? collect([], () => parseRoutingFile(readText(recipientsPath), recipientsPath));
        const ids = shaped ? new Set(shaped.recipients.map((r) => r.id)) : undefined;
        const responses = collect(problems, () =>
          parseResponsesFile(readText(responsesPath), responsesPath, ids && against, ids),
        );
        if (problems.length > 0) {
          problems.forEach((p) => console.error(`  - ${p}`));
          console.error(
            `atalaya: ${problems.length} problem${problems.length === 1 ? '' : 's'}; fix each at its file and line.`,
          );
          process.exitCode = 1;
          return;
        }
        report(routing!, responses!);
      } catch (e) {
        if (!(e instanceof CatalogueError)) throw e;
        console.error(e.message);
        process.exitCode = 1;
      }
    });
  recipients
    .command('list')
    .option('--json', 'print each recipient as a JSON line')
    .description("the recipients in force: recipients.yaml with the operators' changes (ATALAYA_RECIPIENTS)")
    .action(async (opts: { json?: boolean }) => {
      const { files } = loadRouting(loadRuntimeConfig());
      const changes = await withDatabase((ds) => registry.changes(ds.manager));
      const changed = new Set(changes.map((c) => c.id));
      for (const r of withRecipientChanges(files.routing, changes).recipients) {
        if (opts.json) console.log(JSON.stringify(r));
        else {
          const channels = r.channels.map((c) => c.type).join(', ');
          console.log(
            `${r.id.padEnd(22)} ${(r.state ?? 'partner').padEnd(7)} [${r.languages.join(', ')}]  ${channels}  ${r.name}${changed.has(r.id) ? '  (changed)' : ''}`,
          );
        }
      }
      changes
        .filter((c) => c.definition === null)
        .forEach((c) => !opts.json && console.log(`${c.id.padEnd(22)} removed`));
    });
  recipients
    .command('set')
    .argument('<file>', "a YAML or JSON file with one recipient's whole definition, as in recipients.yaml")
    .requiredOption('--by <name>', 'who makes the change (audited)')
    .requiredOption('--reason <text>', 'why, e.g. "new duty desk number for the SNM operations centre"')
    .description('add a recipient or replace one, checked against the routes, protocols and topics; audited')
    .action(async (file: string, opts: { by: string; reason: string }) => {
      const parsed = recipientSchema.safeParse(parseYaml(readText(file)));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`${file}: ${issue.path.join('.') || '(recipient)'}: ${issue.message}`);
      }
      await change(loadRuntimeConfig(), { id: parsed.data.id, definition: parsed.data }, opts);
    });
  recipients
    .command('remove')
    .argument('<id>', 'the recipient')
    .requiredOption('--by <name>', 'who makes the change (audited)')
    .requiredOption('--reason <text>', 'why')
    .description('remove a recipient no route, escalation or protocol names any more; audited')
    .action((id: string, opts: { by: string; reason: string }) =>
      change(loadRuntimeConfig(), { id, definition: null }, opts),
    );
  recipients
    .command('history')
    .argument('[id]', 'only this recipient')
    .description("the operators' changes to the recipients, oldest first: who, when, why, what it replaced")
    .action(async (id: string | undefined) => {
      const records = await withDatabase((ds) => registry.history(ds.manager, id));
      for (const r of records) {
        console.log(
          `${r.at}  ${r.action.padEnd(16)}  ${r.recipientId.padEnd(22)}  by ${r.actor}: ${r.reason}`,
        );
      }
      console.error(`recipients: ${records.length} change(s)`);
    });
}

/** The checked files, and the reference data and catalogue they are checked against. */
const loadRouting = (config: RuntimeConfig) =>
  loadCatalogueRouting(
    {
      catalogue: config.ATALAYA_CATALOGUE,
      recipients: config.ATALAYA_RECIPIENTS,
      responses: config.ATALAYA_RESPONSES,
    },
    loadReference(config.ATALAYA_REFERENCE_DIR),
  );

/** Records one change once it is known to work with the routes, the protocols and the topics. */
async function change(
  config: RuntimeConfig,
  next: RecipientChange,
  by: { readonly by: string; readonly reason: string },
): Promise<void> {
  const { files, against } = loadRouting(config);
  const topicRecipients = parseTopicPlan(readText(config.ATALAYA_TOPICS_FILE)).recipients;
  const outcome = await withDatabase((ds) =>
    ds.transaction((em) =>
      registry.change(em, next, { files, against, topicRecipients }, { actor: by.by, reason: by.reason }),
    ),
  );
  if (outcome.kind === 'unknown') throw new Error(`there is no recipient ${next.id} to remove`);
  if (outcome.kind === 'refused') {
    throw new Error(
      `the change to ${next.id} is refused, nothing recorded:\n  - ${outcome.problems.join('\n  - ')}`,
    );
  }
  console.log(
    `recipients: recorded ${next.definition === null ? 'the removal of' : 'the definition of'} ${next.id}; the dispatcher takes it at its next tick`,
  );
}
function collect<T>(problems: string[], parse: () => T): T | undefined {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof RoutingCatalogueError)) throw e;
    problems.push(...e.problems);
    return undefined;
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new RoutingCatalogueError([`${path}: cannot be read (${(e as Error).message})`], path);
  }
}

function report(routing: RoutingFile, responses: ResponsesFile): void {
  for (const r of routing.recipients) {
    const channels = r.channels.map((c) => c.type).join(', ');
    console.log(
      `ok  ${r.id.padEnd(22)} ${r.state ?? 'partner'}  [${r.languages.join(', ')}]  ${channels}  ${r.name}`,
    );
  }
  const actions = Object.values(responses.responses).flatMap((byLevel) => Object.values(byLevel).flat());
  console.log(
    `ok  ${routing.recipients.length} recipients, ${allRoutes(compileRoutes(routing.route)).length} routes, ` +
      `${routing.inhibitRules.length} inhibit rules, ${actions.length} response actions ` +
      `for ${Object.keys(responses.responses).length} triggers`,
  );
}

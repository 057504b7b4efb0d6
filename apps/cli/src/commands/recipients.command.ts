import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { loadRuntimeConfig } from '@atalaya/config';
import { loadReference } from '@atalaya/reference/files';
import {
  allRoutes,
  compileRoutes,
  parseResponsesFile,
  parseRoutingFile,
  RoutingCatalogueError,
  type ResponsesFile,
  type RoutingFile,
  type RoutingReference,
} from '@atalaya/routing';
import { CatalogueError, parseCatalogue } from '@atalaya/triggers';

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

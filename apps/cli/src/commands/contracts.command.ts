import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import {
  ASYNCAPI_PATH,
  CODES_PATH,
  contractDocuments,
  contractDrift,
  OPENAPI_PATH,
  SCHEMAS_DIR,
  yamlDocument,
  type ContractFiles,
} from '@atalaya/contracts';
import { agencyPrincipal, parseTopicPlan, recipientPrincipal } from '@atalaya/messaging';
import { openApiDocument } from '../../../gateway/src/openapi.document';

// The project's own topic file, never ATALAYA_TOPICS_FILE: the documents describe the contract, not a run.
const TOPICS_FILE = 'deploy/topics.yaml';

/** Every generated interface document: the message contracts and the gateway's OpenAPI document. */
export function interfaceDocuments(topicPlan: string): ContractFiles {
  const plan = {
    topics: parseTopicPlan(topicPlan),
    principals: { agency: agencyPrincipal, recipient: recipientPrincipal },
  };
  return { ...contractDocuments(plan), [OPENAPI_PATH]: yamlDocument(openApiDocument()) };
}

export function contractsCommand(program: Command): void {
  const contracts = program
    .command('contracts')
    .description('the message contracts as JSON Schema and AsyncAPI, and the OpenAPI document');
  contracts
    .command('export')
    .description(
      `write ${ASYNCAPI_PATH}, ${OPENAPI_PATH} and ${SCHEMAS_DIR}/*.schema.json from the zod schemas`,
    )
    .option(
      '--check',
      'write nothing; exit 1 and name every file that differs from what the schemas generate',
    )
    .action((opts: { check?: boolean }) => {
      const expected = interfaceDocuments(readFileSync(TOPICS_FILE, 'utf8'));
      const found = readContractFiles();
      if (opts.check) check(expected, found);
      else write(expected, found);
    });
}

function check(expected: ContractFiles, found: ContractFiles): void {
  const drift = contractDrift(expected, found);
  drift.forEach((line) => console.error(line));
  if (drift.length > 0) process.exitCode = 1;
  else console.log(`contracts: all ${Object.keys(expected).length} files are up to date`);
}

/** Writes only what changed, and removes the schema file of a message that no longer exists. */
function write(expected: ContractFiles, found: ContractFiles): void {
  const stale = Object.keys(found).filter((path) => expected[path] === undefined);
  const changed = Object.entries(expected).filter(([path, text]) => found[path] !== text);
  stale.forEach((path) => {
    rmSync(path);
    console.log(`removed ${path}`);
  });
  changed.forEach(([path, text]) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    console.log(`wrote ${path}`);
  });
  if (stale.length + changed.length === 0)
    console.log(`contracts: all ${Object.keys(expected).length} files are up to date`);
}

/** The generated files as they stand: the AsyncAPI and OpenAPI documents and every schema file, stale ones included. */
function readContractFiles(): ContractFiles {
  const schemaFiles = existsSync(SCHEMAS_DIR)
    ? readdirSync(SCHEMAS_DIR)
        .filter((name) => name.endsWith('.schema.json'))
        .map((name) => `${SCHEMAS_DIR}/${name}`)
    : [];
  const paths = [ASYNCAPI_PATH, OPENAPI_PATH, CODES_PATH, ...schemaFiles].filter((path) => existsSync(path));
  return Object.fromEntries(paths.map((path) => [path, readFileSync(path, 'utf8')]));
}

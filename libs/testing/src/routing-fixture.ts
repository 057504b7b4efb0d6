import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** A recipient as recipients.yaml writes it; the suites' fixtures fill in what they do not say. */
export type RecipientYaml = Record<string, unknown> & { readonly id: string };

/** Panama's operations centre on Kafka, in Spanish and English. */
export const panamaCentre = (over: Partial<RecipientYaml> = {}): RecipientYaml => ({
  id: 'ops_pan',
  name: 'Servicio Nacional de Migración de Panamá',
  kind: 'state_operations_centre',
  state: 'PAN',
  languages: ['es', 'en'],
  channels: [{ type: 'kafka' }],
  ...over,
});

/** Honduras' operations centre on Kafka, in Spanish and English: a neighbour of Panama on the corridor. */
export const hondurasCentre = (over: Partial<RecipientYaml> = {}): RecipientYaml => ({
  id: 'ops_hnd',
  name: 'Instituto Nacional de Migración de Honduras',
  kind: 'state_operations_centre',
  state: 'HND',
  languages: ['es', 'en'],
  channels: [{ type: 'kafka' }],
  ...over,
});

/** IOM's regional office on Kafka, in English and Spanish. */
export const iomOffice = (over: Partial<RecipientYaml> = {}): RecipientYaml => ({
  id: 'iom',
  name: 'IOM Regional Office',
  kind: 'partner',
  languages: ['en', 'es'],
  channels: [{ type: 'kafka' }],
  ...over,
});

const secretariat: RecipientYaml = {
  id: 'technical_secretariat',
  name: 'Technical Secretariat',
  kind: 'partner',
  languages: ['es', 'en'],
  channels: [{ type: 'kafka' }],
};

export interface RoutingFixture {
  /** The suite's recipients; the Technical Secretariat, the root route's receiver, is added unless given. */
  readonly recipients: readonly RecipientYaml[];
  /** The routes under the root, which groups by trigger and state and waits one second. */
  readonly routes: readonly Record<string, unknown>[];
  /** Inhibit rules, none by default. */
  readonly inhibitRules?: readonly Record<string, unknown>[];
  /** responses.yaml as text; none by default. */
  readonly responses?: string;
}

/** recipients.yaml and responses.yaml of one suite in a folder of their own, and the variables naming them. */
export function writeRoutingFixture(
  name: string,
  fixture: RoutingFixture,
): { dir: string; env: { ATALAYA_RECIPIENTS: string; ATALAYA_RESPONSES: string } } {
  const dir = mkdtempSync(join(tmpdir(), `atalaya-${name}-`));
  const recipients = fixture.recipients.some((r) => r.id === secretariat.id)
    ? fixture.recipients
    : [...fixture.recipients, secretariat];
  const route = {
    receivers: [secretariat.id],
    groupBy: ['trigger', 'state'],
    groupWait: 'PT1S',
    groupInterval: 'PT1S',
    repeatInterval: 'P1D',
    routes: fixture.routes,
  };
  const env = {
    ATALAYA_RECIPIENTS: join(dir, 'recipients.yaml'),
    ATALAYA_RESPONSES: join(dir, 'responses.yaml'),
  };
  const inhibitRules = fixture.inhibitRules ?? [];
  writeFileSync(env.ATALAYA_RECIPIENTS, stringify({ recipients, route, inhibitRules }));
  writeFileSync(env.ATALAYA_RESPONSES, fixture.responses ?? 'responses: {}\n');
  return { dir, env };
}

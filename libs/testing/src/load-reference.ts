import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOAD_BASELINE, loadPlaceId, type LoadShape } from './load.generator';
import { serviceEnv, type TestKafka } from './run-topics';
import { parse, stringify } from 'yaml';

/** The webhook partner's secret, in the environment variable the recipients file names. */
export const WEBHOOK_SECRET = `whsec_${Buffer.from('load-partner-signing-secret!!!').toString('base64')}`;
export const WEBHOOK_SECRET_VAR = 'ATALAYA_WEBHOOK_SECRET_LOAD';
export const WEBHOOK_RECIPIENT = 'iom';

export interface LoadFiles {
  /** `ATALAYA_REFERENCE_DIR`: the project's reference data with the generated places added. */
  readonly referenceDir: string;
  readonly catalogue: string;
  readonly recipients: string;
  readonly responses: string;
}

/**
 * The run's reference data and catalogues, under `dir`: the project's own files, with the load's places
 * added to the place registry; one threshold trigger per indicator at 1.5, 2.5 and 3.5 times the load's
 * baseline, everywhere; each state's operations centre on its Kafka topic and one partner on a signed
 * webhook, both told of every alert at once (`groupWait: PT0S`), one group per alert.
 */
export function writeLoadFiles(dir: string, root: string, shape: LoadShape, webhookUrl: string): LoadFiles {
  const referenceDir = join(dir, 'reference');
  const source = join(root, 'deploy/catalogue');
  cpSync(source, referenceDir, { recursive: true });

  const places = parse(readFileSync(join(source, 'places.yaml'), 'utf8')) as { places: unknown[] };
  const generated = shape.reporters.flatMap((reporter) =>
    Array.from({ length: shape.placesPerReporter }, (_, n) => ({
      id: loadPlaceId(reporter, n),
      name: `Generated transit point ${reporter} ${n}`,
      type: 'transit_point',
      country: reporter,
    })),
  );
  writeFileSync(join(referenceDir, 'places.yaml'), stringify({ places: [...places.places, ...generated] }));

  const level = (name: string, times: number, severity: string) => ({
    name,
    above: LOAD_BASELINE * times,
    clearBelow: LOAD_BASELINE * (times - 0.3),
    severity,
  });
  const catalogue = join(dir, 'triggers.yaml');
  writeFileSync(
    catalogue,
    stringify({
      triggers: shape.indicators.map((indicator) => ({
        id: `load-${indicator.replaceAll('_', '-')}-surge`,
        version: 1,
        title: `Surge of ${indicator}`,
        description: `Daily ${indicator} at 1.5, 2.5 and 3.5 times the generated baseline.`,
        pillar: 'coordinated_emergency_response',
        agreedBy: [],
        scope: { indicators: [indicator] },
        condition: { type: 'threshold' },
        levels: [
          level('watch', 1.5, 'Moderate'),
          level('warning', 2.5, 'Severe'),
          level('emergency', 3.5, 'Extreme'),
        ],
      })),
    }),
  );

  const recipients = join(dir, 'recipients.yaml');
  const centre = (reporter: string) => `ops_${reporter.toLowerCase()}`;
  writeFileSync(
    recipients,
    stringify({
      recipients: [
        ...shape.reporters.map((reporter) => ({
          id: centre(reporter),
          name: `Operations centre ${reporter}`,
          kind: 'state_operations_centre',
          state: reporter,
          languages: ['es'],
          channels: [{ type: 'kafka' }],
        })),
        {
          id: WEBHOOK_RECIPIENT,
          name: 'Load partner',
          kind: 'partner',
          languages: ['en'],
          channels: [{ type: 'webhook', url: webhookUrl, secrets: [WEBHOOK_SECRET_VAR] }],
        },
      ],
      route: {
        receivers: [WEBHOOK_RECIPIENT],
        groupBy: ['alert'],
        groupWait: 'PT0S',
        groupInterval: 'PT1S',
        repeatInterval: 'P1D',
        routes: shape.reporters.map((reporter) => ({
          id: `state-${reporter.toLowerCase()}`,
          match: { state: reporter },
          receivers: [centre(reporter), WEBHOOK_RECIPIENT],
        })),
      },
    }),
  );
  const responses = join(dir, 'responses.yaml');
  writeFileSync(responses, 'responses: {}\n');
  return { referenceDir, catalogue, recipients, responses };
}

/**
 * The environment of a service of a stack that takes the load: its broker, database and topics, the run's
 * reference data and catalogues, the partner's signing secret, and the dispatcher's tick.
 */
export function loadStackEnv(
  t: TestKafka,
  databaseUrl: string,
  files: LoadFiles,
  dispatchTickMs: number,
): NodeJS.ProcessEnv {
  return {
    ...serviceEnv(t, databaseUrl),
    LOG_LEVEL: 'warn',
    ATALAYA_REFERENCE_DIR: files.referenceDir,
    ATALAYA_CATALOGUE: files.catalogue,
    ATALAYA_RECIPIENTS: files.recipients,
    ATALAYA_RESPONSES: files.responses,
    ATALAYA_DISPATCH_TICK_MS: String(dispatchTickMs),
    [WEBHOOK_SECRET_VAR]: WEBHOOK_SECRET,
  };
}

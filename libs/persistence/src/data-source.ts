import { DataSource } from 'typeorm';
import { InitialSchema1732350000000 } from './migrations/1732350000000-initial-schema';
import { SignalLedger1732360000000 } from './migrations/1732360000000-signal-ledger';
import { ApiKeys1732370000000 } from './migrations/1732370000000-api-keys';
import { TriggerStateRules1732380000000 } from './migrations/1732380000000-trigger-state-rules';
import { TriggerStateHistory1732390000000 } from './migrations/1732390000000-trigger-state-history';
import { SilenceWatch1732400000000 } from './migrations/1732400000000-silence-watch';
import { AlertEventOrder1732410000000 } from './migrations/1732410000000-alert-event-order';
import { Notifications1732420000000 } from './migrations/1732420000000-notifications';
import { Acknowledgements1732430000000 } from './migrations/1732430000000-acknowledgements';
import { CapDocuments1732440000000 } from './migrations/1732440000000-cap-documents';
import { ResponsesAndSilences1732450000000 } from './migrations/1732450000000-responses-and-silences';
import { RecipientRegistry1732470000000 } from './migrations/1732470000000-recipient-registry';
import { OperatorKeys1732480000000 } from './migrations/1732480000000-operator-keys';
import { TriggerStatePeak1732490000000 } from './migrations/1732490000000-trigger-state-peak';
import { TriggerGovernance1732500000000 } from './migrations/1732500000000-trigger-governance';
import { SeriesBreaks1732510000000 } from './migrations/1732510000000-series-breaks';
import { AccessAudit1732530000000 } from './migrations/1732530000000-access-audit';
import { ObservationBreakdowns1732540000000 } from './migrations/1732540000000-observation-breakdowns';
import { KeyRoles1732550000000 } from './migrations/1732550000000-key-roles';
import { Sessions1732560000000 } from './migrations/1732560000000-sessions';
import { ReportingLatest1732570000000 } from './migrations/1732570000000-reporting-latest';
import { ObservationsByReporter1732580000000 } from './migrations/1732580000000-observations-by-reporter';
import { ObservationMonths1732590000000 } from './migrations/1732590000000-observation-months';
import { UpdatesByTime1732600000000 } from './migrations/1732600000000-updates-by-time';
import { DispatchStateRows1732610000000 } from './migrations/1732610000000-dispatch-state-rows';

/** None: every query is SQL over the migrated schema, its rows decoded by the repositories' schemas. */
export const entities: never[] = [];
export const migrations = [
  InitialSchema1732350000000,
  SignalLedger1732360000000,
  ApiKeys1732370000000,
  TriggerStateRules1732380000000,
  TriggerStateHistory1732390000000,
  SilenceWatch1732400000000,
  AlertEventOrder1732410000000,
  Notifications1732420000000,
  Acknowledgements1732430000000,
  CapDocuments1732440000000,
  ResponsesAndSilences1732450000000,
  RecipientRegistry1732470000000,
  OperatorKeys1732480000000,
  TriggerStatePeak1732490000000,
  TriggerGovernance1732500000000,
  SeriesBreaks1732510000000,
  AccessAudit1732530000000,
  ObservationBreakdowns1732540000000,
  KeyRoles1732550000000,
  Sessions1732560000000,
  ReportingLatest1732570000000,
  ObservationsByReporter1732580000000,
  ObservationMonths1732590000000,
  UpdatesByTime1732600000000,
  DispatchStateRows1732610000000,
];

/** The schema comes from migrations only; `synchronize` stays off so no start ever alters a table. */
export function createDataSource(url: string, poolSize = 5): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize },
  });
}

/** Refuses to run against a database whose schema is behind the code. */
export async function assertMigrated(ds: DataSource, url: string): Promise<void> {
  if (await ds.showMigrations()) {
    const db = new URL(url).pathname.slice(1);
    throw new Error(`database ${db} has pending migrations: run \`npm run atalaya -- migrate\` first`);
  }
}

/**
 * Creates the database named in `url` when it does not exist yet, connecting to the server's `postgres`
 * database to do so. Returns true when it created one.
 */
export async function ensureDatabase(url: string): Promise<boolean> {
  return withServer(url, async (ds, name) => {
    const rows: unknown[] = await ds.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rows.length > 0) return false;
    await ds.query(`CREATE DATABASE "${name}"`);
    return true;
  });
}

export async function dropDatabase(url: string): Promise<void> {
  await withServer(url, (ds, name) => ds.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * Creates (or re-creates) the database `name` as a copy of the one in `templateUrl`, which must have no open
 * connections, and returns its URL. Copying a migrated database is much faster than migrating a new one.
 */
export async function cloneDatabase(templateUrl: string, name: string): Promise<string> {
  const target = new URL(templateUrl);
  target.pathname = `/${name}`;
  await dropDatabase(target.toString());
  await withServer(templateUrl, (ds, template) =>
    ds.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`),
  );
  return target.toString();
}

async function withServer<T>(
  url: string,
  work: (ds: DataSource, database: string) => Promise<T>,
): Promise<T> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
    throw new Error(
      `database name "${name}" in DATABASE_URL must be lower-case letters, digits and underscores`,
    );
  }
  const server = new URL(url);
  server.pathname = '/postgres';
  const ds = new DataSource({ type: 'postgres', url: server.toString() });
  await ds.initialize();
  try {
    return await work(ds, name);
  } finally {
    await ds.destroy();
  }
}

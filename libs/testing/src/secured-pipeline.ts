import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SERVICES, servicePrincipal } from '@atalaya/messaging';
import { runCli } from './cli';
import { requireEnv } from './env';
import { OwnKafka } from './own-kafka';
import { repoRoot } from './repo-root';
import { kafkaForSuite, serviceEnv, type TestKafka } from './run-topics';
import { startServiceProcess, type ServiceProcess } from './service.process';
import { databaseForSuite, type SuiteDatabase } from './suite-database';

export interface SecuredPipeline {
  /** A SASL/SCRAM broker of the suite's own, with TLS on its listener for agencies and partners. */
  readonly broker: OwnKafka;
  readonly t: TestKafka;
  readonly db: SuiteDatabase;
  /** What `atalaya kafka acls` printed when it applied the access plan. */
  readonly acls: string;
  service(name: (typeof SERVICES)[number]): ServiceProcess;
  /** Stops the services, then the broker; drops the database and the routing files. */
  stop(): Promise<void>;
}

/**
 * The whole pipeline on a secured broker: the suite's topics, the access plan applied by the operator
 * command, a database of its own, and every service running as its own principal with the given routing
 * (writeRoutingFixture) and the skeleton catalogue.
 */
export async function startSecuredPipeline(
  suite: string,
  routing: { readonly dir: string; readonly env: NodeJS.ProcessEnv },
): Promise<SecuredPipeline> {
  const dir = join(requireEnv('ATALAYA_RUN_DIR'), `${suite}-${Date.now().toString(36)}`);
  const broker = await OwnKafka.start(dir, 1, { auth: 'scram' });
  const t = await kafkaForSuite(suite, broker.brokers, broker.connection('admin').security);
  const applied = await runCli(
    { ...broker.principalEnv('admin'), ATALAYA_TOPIC_PREFIX: t.prefix },
    'kafka',
    'acls',
  );
  if (applied.code !== 0) throw new Error(`atalaya kafka acls failed:\n${applied.out}`);
  const db = await databaseForSuite(suite);
  const services = await Promise.all(
    SERVICES.map((name) =>
      startServiceProcess(name, {
        ...serviceEnv(t, db.url),
        ...broker.principalEnv(servicePrincipal(name)),
        ...routing.env,
        ATALAYA_CATALOGUE: resolve(repoRoot(), 'test/fixtures/skeleton.catalogue.yaml'),
        ATALAYA_DISPATCH_TICK_MS: '200',
      }),
    ),
  );
  return {
    broker,
    t,
    db,
    acls: applied.stdout,
    service: (name) => services[SERVICES.indexOf(name)],
    stop: async () => {
      await Promise.all(services.map((s) => s.stop()));
      await broker.stop();
      await db.drop();
      rmSync(routing.dir, { recursive: true, force: true });
    },
  };
}

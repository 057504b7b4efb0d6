import { join } from 'node:path';
import { OwnKafka, OwnPostgres, requireEnv, type Fault, type LoadMessage } from '@atalaya/testing';
import { differences, faultStream, type Differences } from './compare';
import { runStack, type History } from './fault-run';

/** A broker (or a cluster of `nodes`) and a PostgreSQL server of a suite's own, in the run's folder. */
export interface OwnInfrastructure {
  readonly dir: string;
  readonly kafka: OwnKafka;
  readonly postgres: OwnPostgres;
  stop(): Promise<void>;
}

/** Starts them; stops the broker again if PostgreSQL does not start. */
export async function ownInfrastructure(suite: string, nodes = 1): Promise<OwnInfrastructure> {
  const dir = join(requireEnv('ATALAYA_RUN_DIR'), `${suite}-${Date.now().toString(36)}`);
  const kafka = await OwnKafka.start(join(dir, nodes === 1 ? 'broker' : 'brokers'), nodes);
  const postgres = await OwnPostgres.start(join(dir, 'postgres')).catch(async (e: unknown) => {
    await kafka.stop().catch(() => undefined);
    throw e;
  });
  return {
    dir,
    kafka,
    postgres,
    stop: async () => {
      await kafka.stop().catch(() => undefined);
      await postgres.stop().catch(() => undefined);
    },
  };
}

export interface RunPair {
  readonly messages: readonly LoadMessage[];
  readonly clean: History;
  readonly faulted: History;
  readonly diff: Differences;
}

/**
 * The same seeded stream through the whole stack twice: first as `clean` names it, without faults and with
 * one instance of each service; then as `faulted` names it, with its plan and instances.
 */
export async function runTwice(
  infra: OwnInfrastructure,
  options: {
    readonly signals: number;
    readonly seed: number;
    readonly rate: number;
    readonly log: (line: string) => void;
    readonly clean: string;
    readonly faulted: { readonly name: string; readonly plan: readonly Fault[]; readonly instances?: number };
  },
): Promise<RunPair> {
  const { shape, messages } = faultStream(options.signals, options.seed);
  const run = (name: string, plan: readonly Fault[], instances?: number) =>
    runStack(infra, {
      name,
      dir: join(infra.dir, name),
      shape,
      messages,
      rate: options.rate,
      plan,
      instances,
      log: options.log,
    });
  const clean = await run(options.clean, []);
  options.log(`${options.clean} run: ${clean.alertEvents.size} alert events in ${clean.seconds} s`);
  const { name, plan, instances } = options.faulted;
  const faulted = await run(name, plan, instances);
  return { messages, clean, faulted, diff: differences(clean, faulted, messages) };
}

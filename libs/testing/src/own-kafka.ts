import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { KafkaConnection } from '@atalaya/messaging';
import { runCli } from './cli';
import { eventually } from './eventually';
import { freePort } from './free-port';
import { repoRoot } from './repo-root';

const run = promisify(execFile);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const freePorts = (n: number) => Promise.all(Array.from({ length: n }, () => freePort()));
const addresses = (ports: readonly number[]) => ports.map((p) => `127.0.0.1:${p}`).join(',');

/**
 * A Kafka broker, or a cluster of `nodes` brokers, of a test's own, started by deploy/local/kafka.sh in
 * `dir` on free ports: a suite that crashes its broker must not take the run's shared one down with it.
 * Its data outlives a restart. With `auth: 'scram'` it is secured as docs/security.md says: SCRAM-SHA-512
 * for every principal of the access plan (their passwords written by `atalaya kafka credentials`), ACLs,
 * and a SASL_SSL listener (`tlsBrokers`) with a CA of its own.
 */
export class OwnKafka {
  private constructor(
    private readonly env: NodeJS.ProcessEnv,
    /** The bootstrap servers, comma-separated (SASL_PLAINTEXT when secured). */
    readonly brokers: string,
    readonly nodes: number,
    /** The SASL_SSL listeners of a secured broker, comma-separated; empty otherwise. */
    readonly tlsBrokers: string,
  ) {}

  static async start(dir: string, nodes = 1, options: { auth?: 'scram' } = {}): Promise<OwnKafka> {
    const [ports, controllers, tls] = await Promise.all([
      freePorts(nodes),
      freePorts(nodes),
      freePorts(nodes),
    ]);
    const secured = options.auth === 'scram';
    const kafka = new OwnKafka(
      {
        ...process.env,
        ATALAYA_RUN_DIR: dir,
        KAFKA_NODES: String(nodes),
        KAFKA_PORT: String(ports[0]),
        KAFKA_CONTROLLER_PORT: String(controllers[0]),
        KAFKA_PORTS: ports.join(','),
        KAFKA_CONTROLLER_PORTS: controllers.join(','),
        ...(secured
          ? { KAFKA_AUTH: 'scram', KAFKA_TLS_PORT: String(tls[0]), KAFKA_TLS_PORTS: tls.join(',') }
          : {}),
      },
      addresses(ports),
      nodes,
      secured ? addresses(tls) : '',
    );
    if (secured) {
      const made = await runCli({}, 'kafka', 'credentials', '--dir', kafka.securityDir);
      if (made.code !== 0) throw new Error(`atalaya kafka credentials failed:\n${made.out}`);
    }
    await kafka.script('start');
    return kafka;
  }

  /** Where a secured broker keeps its CA, the principals' passwords and their kcat configurations. */
  get securityDir(): string {
    return join(this.env.ATALAYA_RUN_DIR ?? '', 'kafka', 'security');
  }

  /** A principal's password (`admin` is the broker's own super user). */
  password(principal: string): string {
    const file =
      principal === 'admin'
        ? join(this.securityDir, 'admin.secret')
        : join(this.securityDir, 'passwords', principal);
    return readFileSync(file, 'utf8').trim();
  }

  /** How `principal` connects: on the services' SASL_PLAINTEXT listener, or with `tls` on SASL_SSL. */
  connection(principal: string, options: { tls?: boolean; password?: string } = {}): KafkaConnection {
    const password = options.password ?? this.password(principal);
    return options.tls
      ? {
          brokers: this.tlsBrokers.split(','),
          security: {
            protocol: 'sasl_ssl',
            username: principal,
            password,
            caFile: join(this.securityDir, 'ca.pem'),
          },
        }
      : {
          brokers: this.brokers.split(','),
          security: { protocol: 'sasl_plaintext', username: principal, password },
        };
  }

  /** The environment a service or the CLI needs to connect as `principal` (SASL_PLAINTEXT). */
  principalEnv(principal: string): NodeJS.ProcessEnv {
    return {
      KAFKA_BROKERS: this.brokers,
      KAFKA_SECURITY: 'sasl_plaintext',
      KAFKA_SASL_USERNAME: principal,
      KAFKA_SASL_PASSWORD: this.password(principal),
    };
  }

  /** The kcat configuration kafka.sh wrote for `principal`: `kcat -F <file>`. */
  kcatConfig(principal: string): string {
    return join(this.securityDir, 'kcat', `${principal}.conf`);
  }

  /** The process id of the single broker, or of node `node` of a cluster. */
  pid(node = 1): number {
    const home = this.nodes === 1 ? 'kafka' : `kafka/node-${node}`;
    return Number(readFileSync(join(this.env.ATALAYA_RUN_DIR ?? '', home, 'kafka.pid'), 'utf8'));
  }

  /** SIGKILL of one node of a cluster, which stays down until `startNode`. */
  killNode(node: number): Promise<void> {
    return this.script('kill-node', String(node));
  }

  startNode(node: number): Promise<void> {
    return this.script('start-node', String(node));
  }

  /** A crash and a start of the single broker: SIGKILL, then it recovers its logs on the way up. */
  async crashAndRestart(): Promise<void> {
    const pid = this.pid();
    process.kill(pid, 'SIGKILL');
    await eventually(`broker ${pid} to be gone`, () => Promise.resolve(alive(pid) ? undefined : true));
    await this.script('start');
  }

  stop(): Promise<void> {
    return this.script('stop');
  }

  private async script(...args: string[]): Promise<void> {
    const command = args.join(' ');
    try {
      await run('bash', [join(repoRoot(), 'deploy/local/kafka.sh'), ...args], { env: this.env });
    } catch (e) {
      const { stderr, stdout } = e as { stderr?: string; stdout?: string };
      throw new Error(`kafka.sh ${command} failed:\n${stdout ?? ''}${stderr ?? ''}`);
    }
  }
}

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
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

/**
 * A Kafka broker, or a cluster of `nodes` brokers, of a test's own, started by deploy/local/kafka.sh in
 * `dir` on free ports: a suite that crashes its broker must not take the run's shared one down with it.
 * Its data outlives a restart.
 */
export class OwnKafka {
  private constructor(
    private readonly env: NodeJS.ProcessEnv,
    /** The bootstrap servers, comma-separated. */
    readonly brokers: string,
    readonly nodes: number,
  ) {}

  static async start(dir: string, nodes = 1): Promise<OwnKafka> {
    const ports = await Promise.all(Array.from({ length: nodes }, () => freePort()));
    const controllers = await Promise.all(Array.from({ length: nodes }, () => freePort()));
    const kafka = new OwnKafka(
      {
        ...process.env,
        ATALAYA_RUN_DIR: dir,
        KAFKA_NODES: String(nodes),
        KAFKA_PORT: String(ports[0]),
        KAFKA_CONTROLLER_PORT: String(controllers[0]),
        KAFKA_PORTS: ports.join(','),
        KAFKA_CONTROLLER_PORTS: controllers.join(','),
      },
      ports.map((p) => `127.0.0.1:${p}`).join(','),
      nodes,
    );
    await kafka.script('start');
    return kafka;
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

import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createDataSource } from '@atalaya/persistence';
import { freePort } from './free-port';

const run = promisify(execFile);

/** PostgreSQL's server programs: `PG_BINDIR`, else the newest of Debian's /usr/lib/postgresql/<major>/bin. */
function binDir(): string {
  if (process.env.PG_BINDIR) return process.env.PG_BINDIR;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) {
    throw new Error(
      'no PostgreSQL server programs under /usr/lib/postgresql: install postgresql, or set PG_BINDIR to the folder holding initdb and pg_ctl',
    );
  }
  return join(root, newest, 'bin');
}

/**
 * A PostgreSQL server of a test's own, in `dir`, on a free port: a suite that restarts or crashes its
 * database must not take the run's shared server down with it. As root, the server runs as the `postgres`
 * user (PostgreSQL refuses root).
 */
export class OwnPostgres {
  private constructor(
    private readonly dataDir: string,
    private readonly port: number,
  ) {}

  static async start(dir: string): Promise<OwnPostgres> {
    mkdirSync(dir, { recursive: true });
    const pg = new OwnPostgres(join(dir, 'data'), await freePort());
    if (process.getuid?.() === 0) chownSync(dir, uidOf('postgres'), gidOf('postgres'));
    await pg.as(`${binDir()}/initdb`, [
      '-D',
      pg.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    await pg.up();
    return pg;
  }

  /** The URL of `database` on this server. */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Creates `database` and runs every migration in it; its URL. */
  async migratedDatabase(database: string): Promise<string> {
    const server = createDataSource(this.url(), 1);
    await server.initialize();
    try {
      await server.query(`CREATE DATABASE "${database}"`);
    } finally {
      await server.destroy();
    }
    const ds = createDataSource(this.url(database), 1);
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await ds.destroy();
    }
    return this.url(database);
  }

  /**
   * A real restart. `immediate` is a crash: every backend is killed without a checkpoint and the server
   * recovers from its write-ahead log on the way up.
   */
  async restart(mode: 'fast' | 'immediate' = 'immediate'): Promise<void> {
    await this.as(`${binDir()}/pg_ctl`, ['-D', this.dataDir, '-m', mode, '-w', 'stop']);
    await this.up();
  }

  async stop(): Promise<void> {
    if (!existsSync(join(this.dataDir, 'postmaster.pid'))) return;
    await this.as(`${binDir()}/pg_ctl`, ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
  }

  private up(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      `-c listen_addresses=127.0.0.1`,
      `-c unix_socket_directories=''`,
      `-c max_connections=200`,
      `-c fsync=on`,
    ].join(' ');
    return this.as(`${binDir()}/pg_ctl`, [
      '-D',
      this.dataDir,
      '-o',
      options,
      '-l',
      join(this.dataDir, '..', 'server.log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
  }

  private async as(program: string, args: readonly string[]): Promise<void> {
    const [file, argv] =
      process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
    try {
      await run(file, argv, { cwd: '/' });
    } catch (e) {
      const { stderr, stdout } = e as { stderr?: string; stdout?: string };
      throw new Error(
        `${program.split('/').pop()} ${args.at(-1)} failed in ${this.dataDir}:\n${stderr ?? ''}${stdout ?? ''}` +
          `\nthe server's log is ${join(this.dataDir, '..', 'server.log')}`,
      );
    }
  }
}

function idOf(flag: '-u' | '-g', user: string): number {
  return Number(execFileSync('id', [flag, user]).toString().trim());
}
const uidOf = (user: string) => idOf('-u', user);
const gidOf = (user: string) => idOf('-g', user);

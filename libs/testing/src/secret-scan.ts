import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

/** The shapes of Atalaya's own secrets, wherever they appear. */
const SHAPES: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: 'an API key', pattern: /\batl_[a-z]{2,}_[A-Za-z0-9_-]{40,}/ },
  { what: 'a webhook secret', pattern: /\bwhsec_[A-Za-z0-9+/=]{20,}/ },
  { what: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: 'a SCRAM or JAAS password', pattern: /password="(?!\[hidden\])[^"]+"/ },
  {
    what: 'a password setting',
    pattern:
      /\b(?:sasl\.)?password\s*[=:]\s*(?!\s|\[hidden\]|null\b|\[Redacted\]|\*+|"\[Redacted\]"|"?\$\{)["']?[^\s"',}]{4,}/i,
  },
  { what: 'a database URL with a password', pattern: /postgres(?:ql)?:\/\/[^:/@\s]+:[^@/\s]+@/ },
];

export interface SecretFound {
  readonly file: string;
  readonly line: number;
  readonly what: string;
}

/** Every line of `text` that holds one of `known` secrets verbatim or has the shape of one. */
export function findSecrets(file: string, text: string, known: readonly string[]): SecretFound[] {
  const found: SecretFound[] = [];
  text.split('\n').forEach((line, i) => {
    const secret = known.find((k) => line.includes(k));
    if (secret) found.push({ file, line: i + 1, what: 'a secret of this run' });
    for (const shape of SHAPES) {
      if (shape.pattern.test(line)) found.push({ file, line: i + 1, what: shape.what });
    }
  });
  return found;
}

function walk(dir: string, visit: (path: string) => void): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) walk(path, visit);
    else if (stat.isFile()) visit(path);
  }
}

/**
 * The secrets a test run made, read from where the scripts keep them: each secured broker's passwords and
 * admin, keystore and webhook secrets. They are never logs themselves.
 */
export function runSecrets(runDir: string): { secrets: string[]; files: string[] } {
  const secrets: string[] = [];
  const files: string[] = [];
  walk(runDir, (path) => {
    const inSecurity = path.includes(`${join('kafka', 'security')}/`);
    if (inSecurity && (path.includes('/passwords/') || path.endsWith('.secret'))) {
      files.push(path);
      secrets.push(readFileSync(path, 'utf8').trim());
    } else if (basename(path) === 'webhook-secret') {
      files.push(path);
      secrets.push(readFileSync(path, 'utf8').trim());
    }
  });
  return { secrets: secrets.filter((s) => s.length >= 8), files };
}

/** Every log file under `runDir`: the services' (`logs/`), the brokers' and PostgreSQL's. */
export function runLogs(runDir: string): string[] {
  const logs: string[] = [];
  walk(runDir, (path) => {
    const rel = relative(runDir, path);
    if (rel.includes(`${join('kafka', 'security')}/`) || rel.includes('/data/')) return;
    if (path.endsWith('.log') || /\/logs?\//.test(`/${rel}`)) logs.push(path);
  });
  return logs;
}

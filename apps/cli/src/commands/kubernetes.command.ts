import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { kubernetesManifests, renderManifests, type KubernetesSources } from '@atalaya/kubernetes';
import { parse } from 'yaml';

const CATALOGUE = 'deploy/catalogue';

/** The environment variables recipients.yaml names for webhook secrets. */
function webhookSecrets(recipientsYaml: string): string[] {
  const file = parse(recipientsYaml) as { recipients?: { channels?: { secrets?: string[] }[] }[] };
  const names = (file.recipients ?? []).flatMap((r) => (r.channels ?? []).flatMap((c) => c.secrets ?? []));
  return [...new Set(names)].sort();
}

/** The repository's files the manifests are made from. */
export function kubernetesSources(root = '.'): KubernetesSources {
  const dir = join(root, CATALOGUE);
  const catalogue = Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
  return {
    topicsYaml: readFileSync(join(root, 'deploy/topics.yaml'), 'utf8'),
    catalogue,
    webhookSecrets: webhookSecrets(catalogue['recipients.yaml'] ?? ''),
  };
}

export const DEFAULT_IMAGE = `atalaya:${(JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version}`;

export function kubernetesCommand(program: Command): void {
  program
    .command('kubernetes')
    .description(
      'the Kubernetes manifests, generated from deploy/topics.yaml and deploy/catalogue (docs/kubernetes.md)',
    )
    .command('export')
    .description('write deploy/kubernetes/*.yaml; with --check, only say which files differ')
    .option('--out <dir>', 'where to write them', 'deploy/kubernetes')
    .option('--image <image>', 'the container image of the services', DEFAULT_IMAGE)
    .option('--check', 'write nothing; exit 1 naming each file that is not what would be generated')
    .action((opts: { out: string; image: string; check?: boolean }) => {
      const files = renderManifests(kubernetesManifests(kubernetesSources(), { image: opts.image }));
      const read = (f: string) => {
        try {
          return readFileSync(join(opts.out, f), 'utf8');
        } catch {
          return undefined;
        }
      };
      if (opts.check) {
        const stale = Object.keys(files).filter((f) => read(f) !== files[f]);
        if (stale.length > 0) {
          console.error(
            `kubernetes: ${stale.map((f) => join(opts.out, f)).join(', ')} differ from deploy/topics.yaml and deploy/catalogue: run \`npm run atalaya -- kubernetes export\``,
          );
          process.exitCode = 1;
          return;
        }
        console.log(`kubernetes: ${Object.keys(files).length} files up to date in ${opts.out}`);
        return;
      }
      mkdirSync(opts.out, { recursive: true });
      for (const [f, text] of Object.entries(files)) writeFileSync(join(opts.out, f), text);
      console.log(`kubernetes: wrote ${Object.keys(files).length} files to ${opts.out}`);
    });
}

// Bundles the dashboard into dist/dashboard: one script, one stylesheet, the page and the map data, all
// served by the gateway from its own origin (an operations centre may be cut off from the internet).
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const out = join(root, 'dist/dashboard');
const require = createRequire(import.meta.url);

mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'src/main.ts')],
  bundle: true,
  outfile: join(out, 'dashboard.js'),
  format: 'iife',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  sourcemap: true,
  tsconfig: join(here, 'tsconfig.json'),
  legalComments: 'linked',
  logLevel: 'warning',
});
copyFileSync(join(here, 'index.html'), join(out, 'index.html'));
copyFileSync(join(here, 'dashboard.css'), join(out, 'dashboard.css'));
copyFileSync(require.resolve('world-atlas/countries-50m.json'), join(out, 'countries-50m.json'));

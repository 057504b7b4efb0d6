import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository's root, found upwards from this file, so helpers work from source (jest) and compiled (bench). */
export function repoRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'nest-cli.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no nest-cli.json above ${from}: is this the Atalaya repository?`);
    dir = up;
  }
  return dir;
}

import { readFileSync } from 'node:fs';

/** A file the operator named, or an error that says which of its inputs could not be read and why. */
export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the ${what} ${path}: ${(e as Error).message}`);
  }
}

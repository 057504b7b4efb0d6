import { readFileSync } from 'node:fs';
import { loadRuntimeConfig } from '@atalaya/config';
import type { Reference } from '@atalaya/reference';
import { loadReference } from '@atalaya/reference/files';
import { parseCatalogue, type Catalogue } from '@atalaya/triggers';

/** What the governance commands read besides the database: the catalogue file in force and the reference data. */
export interface GovernanceFiles {
  readonly catalogue: Catalogue;
  readonly reference: Reference;
}

export function loadGovernanceFiles(): GovernanceFiles {
  const config = loadRuntimeConfig();
  const reference = loadReference(config.ATALAYA_REFERENCE_DIR);
  const path = config.ATALAYA_CATALOGUE;
  return { catalogue: parseCatalogue(readFileSync(path, 'utf8'), path, reference), reference };
}

/** Today in UTC, as the versions' effective dates are written. */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

// Jest loads global setup outside its module mapper, so the libraries are imported by path here.
import { dropDatabase } from '../libs/persistence/src/data-source';
import { requireEnv } from '../libs/testing/src/env';

export default async function globalTeardown(): Promise<void> {
  await dropDatabase(requireEnv('DATABASE_URL'));
}

import { dropDatabase } from '@atalaya/persistence';
import { requireEnv } from '@atalaya/testing';

export default async function globalTeardown(): Promise<void> {
  await dropDatabase(requireEnv('DATABASE_URL'));
}

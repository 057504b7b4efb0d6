/** A setting the e2e run must have; `npm test` provides them all. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run the e2e tests through \`npm test\`, which starts Kafka and a database`,
    );
  }
  return value;
}

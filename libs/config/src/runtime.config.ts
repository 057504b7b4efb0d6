import { isIP } from 'node:net';
import { z } from 'zod';

const brokerList = z
  .string()
  .transform((s) => s.split(',').map((b) => b.trim()))
  .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'each broker must be host:port')).min(1));

const schema = z.object({
  KAFKA_BROKERS: brokerList.default(['127.0.0.1:9092']),
  /**
   * How the services and the CLI authenticate to the broker: `plaintext` (a developer's or a test's broker),
   * or SCRAM-SHA-512 over `sasl_plaintext` or `sasl_ssl` as a principal of the access plan
   * (libs/messaging/src/access-plan.ts), with KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD.
   */
  KAFKA_SECURITY: z.enum(['plaintext', 'sasl_plaintext', 'sasl_ssl']).default('plaintext'),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  /** With `sasl_ssl`: the PEM file of the CA that signed the broker's certificate; the system's CAs if unset. */
  KAFKA_SSL_CA_FILE: z.string().optional(),
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/atalaya'),
  ATALAYA_TOPIC_PREFIX: z
    .string()
    .regex(/^([a-z0-9-]+\.)?$/, 'must be empty or a lower-case name ending in a dot, e.g. "test-42."')
    .default(''),
  ATALAYA_CATALOGUE: z.string().default('deploy/catalogue/triggers.yaml'),
  ATALAYA_TOPICS_FILE: z.string().default('deploy/topics.yaml'),
  ATALAYA_REFERENCE_DIR: z.string().default('deploy/catalogue'),
  /** How often the engine looks for reporters silent past their cadence (no-data triggers), in milliseconds. */
  ATALAYA_SILENCE_TICK_MS: z.coerce
    .number()
    .int('must be a whole number of milliseconds, e.g. 60000')
    .min(100, 'must be at least 100 (milliseconds), e.g. 60000')
    .default(60000),
  /** How often the engine reloads the trigger versions the states submit and adopt, in milliseconds. */
  ATALAYA_GOVERNANCE_TICK_MS: z.coerce
    .number()
    .int('must be a whole number of milliseconds, e.g. 60000')
    .min(100, 'must be at least 100 (milliseconds), e.g. 60000')
    .default(60000),
  /** Attempts a message of unknown failure gets, alone, before a consumer sends it to its dead-letter topic. */
  ATALAYA_MAX_ATTEMPTS: z.coerce
    .number()
    .int('must be a whole number of attempts, e.g. 3')
    .min(1, 'must be at least 1, e.g. 3')
    .default(3),
  /** First and longest wait between retries of a failed batch or message, in milliseconds (doubling, jittered). */
  ATALAYA_RETRY_INITIAL_MS: z.coerce
    .number()
    .int()
    .min(1, 'must be at least 1 (milliseconds), e.g. 200')
    .default(200),
  ATALAYA_RETRY_MAX_MS: z.coerce
    .number()
    .int()
    .min(1, 'must be at least 1 (milliseconds), e.g. 30000')
    .default(30000),
  /** Readiness fails when the oldest outbox row not yet published is older than this, in seconds. */
  ATALAYA_OUTBOX_MAX_AGE_S: z.coerce
    .number()
    .positive('must be a positive number of seconds, e.g. 60')
    .default(60),
  /** The dispatcher's recipients, with the routing tree and inhibit rules. */
  ATALAYA_RECIPIENTS: z.string().default('deploy/catalogue/recipients.yaml'),
  /** The response protocols agreed beside the triggers. */
  ATALAYA_RESPONSES: z.string().default('deploy/catalogue/responses.yaml'),
  /** Each reporting state's data-sharing policies: who sees its figures, how finely, for what. */
  ATALAYA_SHARING: z.string().default('deploy/catalogue/sharing.yaml'),
  /** How often the dispatcher looks for grouped notifications and repeats that are due, in milliseconds. */
  ATALAYA_DISPATCH_TICK_MS: z.coerce
    .number()
    .int()
    .min(50, 'must be at least 50 (milliseconds), e.g. 1000')
    .default(1000),
  /** Attempts a webhook or email delivery gets before it is dead-lettered (until re-driven). */
  ATALAYA_DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1, 'must be at least 1, e.g. 8').default(8),
  ATALAYA_DELIVERY_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100, 'must be at least 100 (milliseconds), e.g. 10000')
    .default(10000),
  /** Requests the gateway answers per credential (key or session, else address) per minute; then 429. */
  ATALAYA_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1, 'must be at least 1, e.g. 1200')
    .default(1200),
  /** The CAP `sender` of every document: a name unique to this Atalaya installation, no spaces or commas. */
  ATALAYA_CAP_SENDER: z
    .string()
    .regex(/^[^\s,<&]+$/, 'must have no spaces, commas, < or &, e.g. atalaya@oas.org')
    .default('atalaya@oas.org'),
  /**
   * The SMTP server the dispatcher sends email notifications through, e.g. `smtp://127.0.0.1:2525` or
   * `smtps://user:password@mail.example.org:465`. Unset (or empty), the email channel is off: no email
   * notification is queued or sent.
   */
  ATALAYA_SMTP_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .url({
        protocol: /^smtps?$/,
        hostname: /./,
        error: 'must be an smtp:// or smtps:// URL with a host, e.g. smtp://127.0.0.1:2525',
      })
      .optional(),
  ),
  /** The From of email notifications: an address, optionally with a name. Required with ATALAYA_SMTP_URL. */
  ATALAYA_EMAIL_FROM: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(
        /^(?:[^<>@\r\n]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/,
        'must be an address, optionally with a name, e.g. Atalaya <alerts@atalaya.example.org>',
      )
      .optional(),
  ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type RuntimeConfig = z.infer<typeof schema>;

/** Where the broker is and how to authenticate to it, as `createKafka` takes it. */
export interface KafkaConnectionSettings {
  readonly brokers: readonly string[];
  readonly security?: {
    readonly protocol: 'sasl_plaintext' | 'sasl_ssl';
    readonly username: string;
    readonly password: string;
    readonly caFile?: string;
  };
}

export function kafkaConnection(config: RuntimeConfig): KafkaConnectionSettings {
  if (config.KAFKA_SECURITY === 'plaintext') return { brokers: config.KAFKA_BROKERS };
  return {
    brokers: config.KAFKA_BROKERS,
    security: {
      protocol: config.KAFKA_SECURITY,
      username: config.KAFKA_SASL_USERNAME ?? '',
      password: config.KAFKA_SASL_PASSWORD ?? '',
      ...(config.KAFKA_SSL_CA_FILE ? { caFile: config.KAFKA_SSL_CA_FILE } : {}),
    },
  };
}

/**
 * Reads the settings every service shares from the environment. A bad value stops the service at start
 * with the variable's name and what it should look like, instead of failing later on first use.
 */
export function loadRuntimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const result = schema
    .superRefine((c, ctx) => {
      if (c.KAFKA_SECURITY === 'plaintext') return;
      for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
        if (!c[name]) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: `must be set with KAFKA_SECURITY=${c.KAFKA_SECURITY}: the principal's SCRAM-SHA-512 credentials (deploy/local/kafka.sh writes them under the run folder's kafka/security)`,
          });
        }
      }
    })
    .safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
  throw new Error(`invalid configuration in the environment:\n${problems}`);
}

/** The HTTP port for /health and /metrics of one service, from `<SERVICE>_PORT` or its default. */
export function httpPort(service: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const name = `${service.toUpperCase()}_PORT`;
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name}=${raw} is not a TCP port (0-65535)`);
  }
  return port;
}

/**
 * The address a service's HTTP server binds, from `ATALAYA_LISTEN_ADDRESS`: loopback unless told, so that a
 * developer's stack is not on the network; `0.0.0.0` in a container, where the kubelet probes the pod's IP.
 */
export function listenAddress(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.ATALAYA_LISTEN_ADDRESS;
  if (raw === undefined || raw === '') return '127.0.0.1';
  if (isIP(raw) === 0) {
    throw new Error(
      `ATALAYA_LISTEN_ADDRESS=${raw} is not an IP address: give one, such as 0.0.0.0 or 127.0.0.1`,
    );
  }
  return raw;
}

import { Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { CONSUMER, type KafkaBatch, type KafkaBatchTransport } from '@atalaya/messaging';
import { BatchConsumer, PlatformModule, startService } from '@atalaya/platform';
import {
  databaseForSuite,
  eventually,
  kafkaForSuite,
  type SuiteDatabase,
  type TestKafka,
} from '@atalaya/testing';

const PROBED = 'probed';

@BatchConsumer()
class ProbedHandler {
  @EventPattern(PROBED)
  handle(@Payload() _batch: KafkaBatch): Promise<void> {
    return Promise.resolve();
  }
}

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'probe',
      port: 0,
      consumes: ({ topics }) => ({ [PROBED]: [topics.observations] }),
      outbox: true,
    }),
  ],
  controllers: [ProbedHandler],
})
class ProbeModule {}

interface Health {
  status: string;
  details: Record<string, { status: string; message?: string; phase?: string }>;
}

describe('readiness and liveness on the real broker and database', () => {
  let kafka: TestKafka;
  let db: SuiteDatabase;
  let app: NestExpressApplication;
  let url: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    [kafka, db] = await Promise.all([kafkaForSuite('readiness'), databaseForSuite('readiness')]);
    Object.assign(process.env, {
      DATABASE_URL: db.url,
      ATALAYA_TOPIC_PREFIX: kafka.prefix,
      PROBE_PORT: '0',
      LOG_LEVEL: 'silent',
    });
    app = await startService(ProbeModule);
    url = await app.getUrl();
  });

  afterAll(async () => {
    process.env = saved;
    await app?.close();
    await db?.drop();
  });

  const health = async (path: string): Promise<{ code: number; body: Health }> => {
    const res = await fetch(`${url}${path}`);
    return { code: res.status, body: (await res.json()) as Health };
  };

  it('is ready once the consumer is in its group, with every check named', async () => {
    const ready = await eventually('readiness', async () => {
      const h = await health('/health/ready');
      return h.code === 200 ? h : undefined;
    });
    expect(Object.keys(ready.body.details).sort()).toEqual(['consumer', 'database', 'kafka', 'outbox']);
    expect((await health('/health')).code).toBe(200);
    expect((await health('/health/live')).code).toBe(200);
  });

  it('turns 503 when outbox rows wait too long to be published, naming the check', async () => {
    await db.dataSource.query(
      `INSERT INTO outbox (topic, message_key, payload, created_at) VALUES ('nowhere', 'k', '{}', now() - interval '10 minutes')`,
    );
    try {
      const h = await health('/health/ready');
      expect(h.code).toBe(503);
      expect(h.body.details.outbox.status).toBe('down');
      expect(h.body.details.outbox.message).toMatch(/wait \d+ s to be published \(limit 60 s\)/);
    } finally {
      await db.dataSource.query(`DELETE FROM outbox WHERE topic = 'nowhere'`);
    }
  });

  it('turns readiness and liveness to 503 when the consumer crashes', async () => {
    const transport = app.get<KafkaBatchTransport>(CONSUMER);
    const admin = kafka.kafka.admin();
    await admin.connect();
    try {
      await admin.deleteTopics({ topics: [kafka.topics.observations] });
    } finally {
      await admin.disconnect();
    }
    const down = await eventually('readiness to fail', async () => {
      const h = await health('/health/ready');
      return h.code === 503 ? h : undefined;
    });
    expect(down.body.details.consumer.status).toBe('down');
    expect(transport.consumerState().phase).not.toBe('joined');
    const dead = await eventually(
      'liveness to fail once kafkajs stops restarting the consumer',
      async () => {
        const h = await health('/health/live');
        return h.code === 503 ? h : undefined;
      },
      90000,
    );
    expect(dead.body.details.consumer.message).toMatch(
      /^consumer crashed for good \(.+\); restart the service$/,
    );
    expect(transport.consumerState().phase).toBe('crashed');
  });
});

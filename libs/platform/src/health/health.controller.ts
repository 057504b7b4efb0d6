import { Controller, Get, HttpStatus, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthIndicatorFunction } from '@nestjs/terminus';
import type { RuntimeConfig } from '@atalaya/config';
import {
  ADMIN,
  CONFIG,
  CONSUMER,
  DATA_SOURCE,
  RELAY,
  type KafkaBatchTransport,
  type OutboxRelay,
} from '@atalaya/messaging';
import type { Response } from 'express';
import type { Admin } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { consumerVerdict, outboxVerdict, type GroupSize, type Verdict } from './readiness.checks';

const CHECK_TIMEOUT_MS = 3000;

/**
 * `/health/live`: the process should keep running (it answers, and its consumer has not crashed for good).
 * `/health/ready` (and `/health`): it is doing its job: broker and database answer, its consumer is in its
 * group and not stuck retrying, its outbox drains. Both answer 503 with the failing checks named.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(ADMIN) private readonly admin: Admin,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONSUMER) private readonly consumer: KafkaBatchTransport | null,
    @Inject(RELAY) private readonly relay: OutboxRelay | null,
    @Inject(CONFIG) private readonly config: RuntimeConfig,
  ) {}

  @Get('live')
  live(@Res() res: Response): Promise<void> {
    const consumer = this.consumer;
    return this.answer(
      res,
      consumer
        ? [
            this.check('consumer', () =>
              consumer.consumerState().phase === 'crashed'
                ? {
                    up: false,
                    message: `consumer crashed for good (${consumer.consumerState().crash ?? 'unknown error'}); restart the service`,
                  }
                : { up: true },
            ),
          ]
        : [],
    );
  }

  @Get(['', 'ready'])
  ready(@Res() res: Response): Promise<void> {
    const { consumer, relay } = this;
    const checks = [
      this.check('kafka', async () => {
        const cluster = await this.admin.describeCluster();
        return { up: true, detail: { brokers: cluster.brokers.length } };
      }),
      this.check('database', async () => {
        await this.dataSource.query('SELECT 1');
        return { up: true };
      }),
    ];
    if (consumer) {
      checks.push(
        this.check('consumer', () =>
          consumerVerdict(consumer.consumerState(), () => this.groupSize(consumer)),
        ),
      );
    }
    if (relay) {
      checks.push(
        this.check('outbox', async () =>
          outboxVerdict(await relay.backlogAgeSeconds(), this.config.ATALAYA_OUTBOX_MAX_AGE_S),
        ),
      );
    }
    return this.answer(res, checks);
  }

  private async answer(res: Response, checks: HealthIndicatorFunction[]): Promise<void> {
    try {
      res.status(HttpStatus.OK).json(await this.health.check(checks));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(HttpStatus.SERVICE_UNAVAILABLE).json(error.getResponse());
    }
  }

  private check(key: string, verdict: () => Promise<Verdict> | Verdict): HealthIndicatorFunction {
    return async () => {
      const session = this.indicator.check(key);
      try {
        const v = await withTimeout(
          Promise.resolve().then(verdict),
          `${key} did not answer within ${CHECK_TIMEOUT_MS} ms`,
        );
        return v.up ? session.up(v.detail ?? {}) : session.down({ message: v.message, ...v.detail });
      } catch (error) {
        return session.down({ message: error instanceof Error ? error.message : String(error) });
      }
    };
  }

  private async groupSize(consumer: KafkaBatchTransport): Promise<GroupSize> {
    const [{ groups }, { topics }] = await Promise.all([
      this.admin.describeGroups([consumer.groupId]),
      this.admin.fetchTopicMetadata({ topics: consumer.subscribed() }),
    ]);
    return {
      members: groups[0]?.members.length ?? 0,
      partitions: topics.reduce((n, t) => n + t.partitions.length, 0),
    };
  }
}

async function withTimeout<T>(p: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export * from './platform.module';
export * from './platform.options';
export * from './run-service';
export * from './batch-consumer.decorator';
export { HealthController } from './health/health.controller';
export { MetricsController } from './metrics.controller';

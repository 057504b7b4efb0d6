export * from './platform.module';
export * from './platform.options';
export * from './run-service';
export * from './batch-consumer.decorator';

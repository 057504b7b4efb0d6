export * from './kafka.factory';
export * from './topic-plan';
export * from './topic.provisioner';
export * from './kafka-batch.transport';
export * from './outbox.relay';
export * from './service.bootstrap';
export * from './chunked.send';
export * from './service.providers';

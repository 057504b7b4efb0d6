export * from './data-source';
export * from './entities/observation.entity';
export * from './entities/trigger-state.entity';
export * from './entities/alert-event.entity';
export * from './entities/outbox.entity';
export * from './signal-ledger.repository';
export * from './api-keys.repository';
export * from './latest-observations';

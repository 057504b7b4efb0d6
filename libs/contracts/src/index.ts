export * from './topics';
export * from './primitives.schema';
export * from './signal.schema';
export * from './observation.schema';
export * from './rejection.schema';
export * from './alert-event.schema';
export * from './signal.validation';

export * from './signing';
export * from './retry.schedule';
export * from './webhook-url';

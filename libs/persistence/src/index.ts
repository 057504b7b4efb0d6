export * from './data-source';
export * from './sql/advisory-lock';
export * from './sql/bulk-insert';
export * from './sql/row-decoding';
export * from './signal-ledger.repository';
export * from './api-keys.repository';
export * from './observations.repository';
export * from './notifications.repository';

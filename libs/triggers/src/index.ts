export * from './trigger.schema';
export * from './catalogue.parser';
export * from './threshold.condition';
export * from './evaluator';
export * from './batch.evaluator';
export * from './backtest';
export * from './order';

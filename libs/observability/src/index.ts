export * from './logger';
export * from './metrics';
export * from './pipeline.stages';
export * from './printable';

export * from './runtime.config';

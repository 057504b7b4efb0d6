export * from './env';
export * from './free-port';
export * from './eventually';
export * from './service.process';
export * from './topic.reader';
export * from './run-topics';
export * from './suite-database';
export * from './reference.fake';

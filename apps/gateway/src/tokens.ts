export const TOPICS = Symbol('TOPICS');
export const PRODUCER = Symbol('PRODUCER');
export const LOGGER = Symbol('LOGGER');
export const REFERENCE = Symbol('REFERENCE');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const CLOSE = Symbol('CLOSE');

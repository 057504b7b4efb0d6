export const TOPICS = Symbol('TOPICS');
export const PRODUCER = Symbol('PRODUCER');
export const LOGGER = Symbol('LOGGER');
export const KAFKA_ADMIN = Symbol('KAFKA_ADMIN');

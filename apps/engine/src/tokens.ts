export const TOPICS = Symbol('TOPICS');
export const CATALOGUE = Symbol('CATALOGUE');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const LOGGER = Symbol('LOGGER');
export const RELAY = Symbol('RELAY');
export const KAFKA_ADMIN = Symbol('KAFKA_ADMIN');

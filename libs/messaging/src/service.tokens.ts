/**
 * The injection tokens of what PlatformModule gives every service. They live here, below the platform, so that
 * libraries the platform builds on can be injected with them too.
 */
export const CONFIG = Symbol('CONFIG');
export const LOGGER = Symbol('LOGGER');
export const TOPICS = Symbol('TOPICS');
export const TOPIC_PLAN = Symbol('TOPIC_PLAN');
export const REFERENCE = Symbol('REFERENCE');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const KAFKA = Symbol('KAFKA');
export const PRODUCER = Symbol('PRODUCER');
export const ADMIN = Symbol('ADMIN');
/** The service's KafkaBatchTransport, or null for a service that consumes nothing. */
export const CONSUMER = Symbol('CONSUMER');
/** The service's OutboxRelay, or null for a service that publishes nothing through the outbox. */
export const RELAY = Symbol('RELAY');

export const CATALOGUE = Symbol('CATALOGUE');
export const RELAY = Symbol('RELAY');

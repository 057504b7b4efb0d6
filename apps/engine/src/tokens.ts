export const CATALOGUE = Symbol('CATALOGUE');
export const RELAY = Symbol('RELAY');
export const REFERENCE = Symbol('REFERENCE');
export const SILENCE = Symbol('SILENCE');

export const CATALOGUE = Symbol('CATALOGUE');
export const SILENCE = Symbol('SILENCE');

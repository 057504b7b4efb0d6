export const REFERENCE = Symbol('REFERENCE');

export const ROUTING = Symbol('ROUTING');
export const DISPATCH_SETTINGS = Symbol('DISPATCH_SETTINGS');

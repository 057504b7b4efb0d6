export const DISPATCH_SETTINGS = Symbol('DISPATCH_SETTINGS');
export const SHARED_VIEW = Symbol('SHARED_VIEW');

import type { AlertContext, PlaceLookup, SharingPolicies } from '@atalaya/sharing';

/** The sharing policies and the catalogue's context, as the gateway applies them to everything it serves. */
export interface GatewaySharing {
  readonly policies: SharingPolicies;
  readonly context: AlertContext;
  /** Each place's admin-1, for figures added up to admin-1 areas. */
  readonly places: PlaceLookup;
}

export const SHARING = Symbol('SHARING');

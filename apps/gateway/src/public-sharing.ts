import type { AlertContext, SharingPolicies } from '@atalaya/sharing';

/** The sharing policies and the catalogue's context, as the gateway applies them to what it serves. */
export interface PublicSharing {
  readonly policies: SharingPolicies;
  readonly context: AlertContext;
}

export const PUBLIC_SHARING = Symbol('PUBLIC_SHARING');

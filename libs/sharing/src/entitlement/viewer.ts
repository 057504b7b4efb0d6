import { AccessRecord } from '@atalaya/contracts';
import { Purpose } from '../policy/policy.schema';

/**
 * Who asks: a recipient of the registry (by its id, kind and, for an operations centre, its state), or the
 * public, which is anyone without a key. Every recipient is also part of the public.
 */
export type Viewer =
  | {
      readonly type: 'recipient';
      readonly id: string;
      readonly kind: 'state_operations_centre' | 'partner';
      readonly state?: string;
    }
  | { readonly type: 'public' };

export const publicViewer: Viewer = Object.freeze({ type: 'public' });

/** One request for figures: who, for what, and when (an instant: policies and embargoes are dated). */
export interface SharingRequest {
  readonly viewer: Viewer;
  readonly purpose: Purpose;
  readonly at: string;
}

/** The viewer as the access audit names it. */
export function auditedViewer(viewer: Viewer): AccessRecord['viewer'] {
  return viewer.type === 'public' ? { kind: 'public', id: 'public' } : { kind: 'recipient', id: viewer.id };
}

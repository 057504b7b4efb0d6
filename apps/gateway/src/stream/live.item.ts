import type { AlertEvent, Observation, StreamActionEvent } from '@atalaya/contracts';
import type { StreamAudience } from '@atalaya/routing';

/**
 * One thing that happened, as the gateway process takes it in once for all its connections: an alert event
 * with its seq and audience, an acknowledgement or action report with its audience, or an observation.
 */
export type LiveItem =
  | {
      readonly kind: 'alert';
      readonly seq: string;
      readonly event: AlertEvent;
      readonly audience: StreamAudience;
    }
  | { readonly kind: 'action'; readonly update: StreamActionEvent; readonly audience: StreamAudience }
  | { readonly kind: 'indicator'; readonly observation: Observation };

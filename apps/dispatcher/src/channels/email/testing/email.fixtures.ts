import { renderCap, type CapLanguage } from '@atalaya/cap';
import type { AlertEvent, Notification } from '@atalaya/contracts';
import { darienEvent, darienInput } from '../../../../../../libs/cap/src/testing/cap.fixtures';

export interface DarienNotificationOptions {
  readonly id?: string;
  readonly recipientId?: string;
  readonly languages?: readonly CapLanguage[];
  readonly event?: Partial<AlertEvent>;
  readonly reason?: Notification['reason'];
  /** The CAP document's identifier: `<id>.1` unless said. */
  readonly identifier?: string;
}

/**
 * The demo's Darién firing (or a later event of that alert) as an operations centre is notified of it, its
 * CAP document in `languages` with the action Panama's protocol assigns.
 */
export function darienNotification(options: DarienNotificationOptions = {}): Notification {
  const id = options.id ?? 'ntf_darien';
  const event = darienEvent(options.event);
  const input = darienInput({
    event,
    languages: [...(options.languages ?? ['es', 'en'])],
    identifier: options.identifier ?? `${id}.1`,
  });
  return {
    notificationId: id,
    recipientId: options.recipientId ?? 'pan-coe',
    reason: options.reason ?? 'first',
    alerts: [
      {
        status: 'firing',
        event,
        actions: [
          {
            id: input.actions[0].id,
            organisation: input.actions[0].organisation,
            description: 'Abrir capacidad adicional en la estación de recepción de Lajas Blancas',
            deadline: input.actions[0].deadline,
          },
        ],
        cap: renderCap(input),
      },
    ],
  };
}

import type { AlertEvent } from '@atalaya/contracts';
import type { Recipient } from '@atalaya/routing';
import { alertAsShown, type AlertAsShown, type AlertContext, type SharingPolicies } from '@atalaya/sharing';

/**
 * Each alert as one recipient may see it under the reporting states' sharing policies, for the purpose a
 * notification serves, early warning (`alertAsShown`, docs/data-sharing.md).
 */
export class SharedView {
  constructor(
    private readonly policies: SharingPolicies,
    private readonly context: AlertContext,
  ) {}

  of(recipient: Recipient, event: AlertEvent, notificationId: string, at: string): AlertAsShown {
    return alertAsShown(this.policies, this.context, event, {
      viewer: {
        type: 'recipient',
        id: recipient.id,
        kind: recipient.kind,
        ...(recipient.state ? { state: recipient.state } : {}),
      },
      purpose: 'early_warning',
      channel: 'notification',
      resource: notificationId,
      at,
    });
  }
}

import type { AccessRecord, Principal } from '@atalaya/contracts';
import { publicViewer, type Viewer } from '@atalaya/sharing';
import type { RecipientsInForce } from './recipients-in-force';

/**
 * Whom the sharing policies see behind a key: a recipient, or the organisation an analyst works for; an
 * agency as its state's operations centre (its own figures whole); an operator as the public.
 */
export async function viewerOf(principal: Principal, recipients: RecipientsInForce): Promise<Viewer> {
  switch (principal.role) {
    case 'recipient':
    case 'analyst':
      return recipients.viewer(principal.recipientId);
    case 'agency':
      return {
        type: 'recipient',
        id: principal.keyId,
        kind: 'state_operations_centre',
        state: principal.reporter,
      };
    case 'admin':
      return publicViewer;
  }
}

/** The access audit names an agency's or an operator's read by its key, not as a recipient's. */
function auditedAs(principal: Principal): AccessRecord['viewer'] | undefined {
  if (principal.role === 'agency') return { kind: 'agency', id: principal.keyId };
  if (principal.role === 'admin') return { kind: 'operator', id: principal.keyId };
  return undefined;
}

/** Access records of a read, named as the audit names the key that made it. */
export function auditedFor(principal: Principal, records: readonly AccessRecord[]): AccessRecord[] {
  const who = auditedAs(principal);
  return who ? records.map((a) => ({ ...a, viewer: who })) : [...records];
}

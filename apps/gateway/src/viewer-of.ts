import { Injectable } from '@nestjs/common';
import type { AccessRecord, Principal } from '@atalaya/contracts';
import { publicViewer, type Viewer } from '@atalaya/sharing';
import { RecipientsInForce } from './recipients-in-force';

/**
 * Whom the sharing policies see behind a credential (docs/api.md, "Access"): a recipient as itself, an
 * analyst as its organisation, an agency as its state's operations centre (its own figures whole), an
 * operator as the public; and how the access audit names the reads it makes.
 */
@Injectable()
export class ViewerOf {
  constructor(private readonly recipients: RecipientsInForce) {}

  async of(principal: Principal): Promise<Viewer> {
    switch (principal.role) {
      case 'recipient':
      case 'analyst':
        return this.recipients.viewer(principal.recipientId);
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

  /** The reads as the audit keeps them: an agency's or an operator's under its key, not as a recipient's. */
  audited(principal: Principal, reads: readonly AccessRecord[]): AccessRecord[] {
    const viewer: AccessRecord['viewer'] | undefined =
      principal.role === 'agency'
        ? { kind: 'agency', id: principal.keyId }
        : principal.role === 'admin'
          ? { kind: 'operator', id: principal.keyId }
          : undefined;
    return viewer ? reads.map((r) => ({ ...r, viewer })) : [...reads];
  }
}

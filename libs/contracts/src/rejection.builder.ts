import { codeHref } from './codes';
import { Rejection, RejectionSource } from './rejection.schema';
import { SignalFault } from './signal.validation';

const PAYLOAD_ECHO_LIMIT = 2048;
const WITHHELD = '[withheld: the message looked like it carried personal data]';

/**
 * A rejection the sender can read: stable code, message, JSON path, where it came in, and the start of what
 * was sent, except when it looked like personal data, which is never echoed.
 */
export function rejectionOf(
  reporter: string,
  fault: SignalFault,
  source: RejectionSource,
  sent: Buffer | string,
  at: Date,
  signalId?: string,
): Rejection {
  const raw = typeof sent === 'string' ? Buffer.from(sent) : sent;
  return {
    reporter,
    ...fault,
    help: codeHref(fault.code),
    ...(signalId === undefined ? {} : { signalId }),
    source,
    payload: fault.code === 'PERSONAL_DATA' ? WITHHELD : raw.subarray(0, PAYLOAD_ECHO_LIMIT).toString(),
    rejectedAt: at.toISOString(),
  };
}

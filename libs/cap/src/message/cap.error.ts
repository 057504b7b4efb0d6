/**
 * Why a CAP document was refused: `not-xml` (not well-formed), `doctype` (a DOCTYPE, hence entities, which
 * Atalaya never reads), `not-cap` (no `alert` root in CAP 1.2's namespace), `invalid` (an element missing, unknown or
 * with a value CAP 1.2 does not allow), `not-ack` / `ack-without-references` (for `parseCapAck`).
 */
export type CapParseErrorCode =
  'not-xml' | 'doctype' | 'not-cap' | 'invalid' | 'not-ack' | 'ack-without-references';

export class CapParseError extends Error {
  override readonly name = 'CapParseError';

  constructor(
    readonly code: CapParseErrorCode,
    /** Each problem on its own, naming the element (`/alert/info[0]/urgency`) and what is wrong with it. */
    readonly problems: readonly string[],
  ) {
    super(`CAP document refused (${code}): ${problems.join('; ')}`);
  }
}

/** The input cannot make a valid CAP document: a bug or a bad catalogue entry upstream, never a retryable fault. */
export class CapRenderError extends Error {
  override readonly name = 'CapRenderError';
}

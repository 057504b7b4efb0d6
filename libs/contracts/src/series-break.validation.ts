import { findPersonalData } from './personal-data';
import { ReferenceLookup } from './reference.lookup';
import { RejectionCode } from './rejection.schema';
import { seriesBreakDeclarationSchema, type SeriesBreakDeclaration } from './series-break.schema';
import { faultOf, referenceFault } from './signal.validation';

/**
 * Why a declaration cannot be recorded: the signal codes for what a signal could get wrong in the same
 * fields, and `NOT_YOUR_SERIES` for a series of another reporter than the one the caller speaks for.
 */
export interface DeclarationFault {
  readonly code: RejectionCode | 'NOT_YOUR_SERIES';
  readonly message: string;
  /** JSON path of the field at fault, `$` for the whole body. */
  readonly path: string;
}

export type DeclarationVerdict =
  | { readonly ok: true; readonly declaration: SeriesBreakDeclaration }
  | { readonly ok: false; readonly fault: DeclarationFault };

export interface DeclarationContext {
  /** The state the caller speaks for: the API key's. */
  readonly reporter: string;
  readonly reference: ReferenceLookup;
}

/**
 * Judges a break declaration as intake judges a signal: its shape, personal data in its note, whose series
 * it is, its period, then the reference data. A break may be declared ahead of the period it marks, so a
 * period after today is no fault.
 */
export function validateBreakDeclaration(body: unknown, ctx: DeclarationContext): DeclarationVerdict {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return reject('NOT_AN_OBJECT', 'a break declaration must be a JSON object', '$');
  }
  const personal = findPersonalData(body);
  if (personal) {
    return reject(
      'PERSONAL_DATA',
      `${personal} looks like personal data or long free text; say what changed in a short note`,
      personal,
    );
  }
  const parsed = seriesBreakDeclarationSchema.safeParse(body);
  if (!parsed.success) return { ok: false, fault: faultOf(parsed.error.issues[0], body) };
  const { period, start, ...rest } = parsed.data;
  // The schema's refine lets exactly one of the two through.
  const declaration: SeriesBreakDeclaration = { ...rest, period: period ?? { start: start as string } };
  if (declaration.reporter !== ctx.reporter) {
    return reject(
      'NOT_YOUR_SERIES',
      `the series is ${declaration.reporter}'s: a key of ${ctx.reporter} declares breaks in ${ctx.reporter}'s ` +
        'own series only',
      '$.reporter',
    );
  }
  const { end } = declaration.period;
  if (end !== undefined && end < declaration.period.start) {
    return reject(
      'PERIOD_INVERTED',
      `period ends (${end}) before it starts (${declaration.period.start})`,
      '$.period.end',
    );
  }
  const fault = referenceFault(declaration, ctx.reference);
  return fault ? { ok: false, fault } : { ok: true, declaration };
}

function reject(code: DeclarationFault['code'], message: string, path: string): DeclarationVerdict {
  return { ok: false, fault: { code, message, path } };
}

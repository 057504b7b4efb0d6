import type { z } from 'zod';
import type { RejectionCode } from './rejection.schema';
import { signalSchema, type Signal } from './signal.schema';

export const MAX_SIGNAL_BYTES = 64 * 1024;

export interface SignalFault {
  readonly code: RejectionCode;
  readonly message: string;
  /** JSON path of the field at fault, `$` for the whole message. */
  readonly path: string;
}

export type SignalVerdict =
  | { readonly ok: true; readonly signal: Signal }
  | { readonly ok: false; readonly fault: SignalFault; readonly signalId?: string };

/**
 * Parses one raw signal as it arrived on `atalaya.signals.<reporter>` and says, with a stable code,
 * why it cannot be accepted. Pure: the caller decides where accepted and rejected signals go.
 */
export function validateSignal(raw: Buffer | string, expectedReporter: string): SignalVerdict {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  if (size > MAX_SIGNAL_BYTES) {
    return reject('TOO_LARGE', `message is ${size} bytes; the limit is ${MAX_SIGNAL_BYTES}`, '$');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString());
  } catch (e) {
    return reject('NOT_JSON', `message is not JSON: ${(e as Error).message}`, '$');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return reject('NOT_AN_OBJECT', `message must be a JSON object, got ${describe(parsed)}`, '$');
  }
  const signalId = stringField(parsed, 'signalId');
  const result = signalSchema.safeParse(parsed);
  if (!result.success) {
    return { ok: false, fault: faultOf(result.error.issues[0], parsed), signalId };
  }
  const fault = domainFault(result.data, expectedReporter);
  return fault ? { ok: false, fault, signalId } : { ok: true, signal: result.data };
}

function domainFault(s: Signal, expectedReporter: string): SignalFault | undefined {
  if (s.reporter !== expectedReporter) {
    return {
      code: 'REPORTER_MISMATCH',
      message: `reporter "${s.reporter}" may not publish on the topic of ${expectedReporter}`,
      path: '$.reporter',
    };
  }
  if (!Number.isFinite(s.value)) {
    return { code: 'NON_FINITE_VALUE', message: 'value must be a finite number', path: '$.value' };
  }
  if (s.value < 0) {
    return { code: 'NEGATIVE_VALUE', message: 'value is a count and cannot be negative', path: '$.value' };
  }
  if (s.period.end < s.period.start) {
    return {
      code: 'PERIOD_INVERTED',
      message: `period ends (${s.period.end}) before it starts (${s.period.start})`,
      path: '$.period.end',
    };
  }
  return undefined;
}

function faultOf(issue: z.core.$ZodIssue, input: object): SignalFault {
  const path = jsonPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return {
      code: 'UNKNOWN_FIELD',
      message: `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
      path,
    };
  }
  if (issue.code === 'invalid_type') {
    return lookup(input, issue.path) === undefined
      ? { code: 'MISSING_FIELD', message: `${path} is required`, path }
      : { code: 'WRONG_TYPE', message: `${path} must be of type ${issue.expected}`, path };
  }
  return { code: 'INVALID_VALUE', message: `${path} ${issue.message}`, path };
}

function reject(code: RejectionCode, message: string, path: string): SignalVerdict {
  return { ok: false, fault: { code, message, path } };
}

function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${String(p)}`),
    '$',
  );
}

function lookup(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) =>
      typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined,
    input,
  );
}

function stringField(o: object, key: string): string | undefined {
  const v = (o as Record<string, unknown>)[key];
  return typeof v === 'string' ? v.slice(0, 128) : undefined;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  return Array.isArray(v) ? 'an array' : typeof v;
}

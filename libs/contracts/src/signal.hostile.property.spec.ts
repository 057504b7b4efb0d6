import fc from 'fast-check';
import {
  darienJanuary2023,
  describeHostile,
  fakeReference,
  HOSTILE_KINDS,
  hostileSignal,
  type HostileSignal,
} from '@atalaya/testing';
import { validateParsedSignal, validateSignal } from './signal.validation';

const ctx = { reporter: 'PAN', reference: fakeReference, today: '2025-06-30' };
const hostile = hostileSignal(darienJanuary2023, { other: 'COL', today: ctx.today });

/** Like fc.assert, but a failure names the hostile signal in a line rather than printing its bytes. */
function holdsFor(
  arbitrary: fc.Arbitrary<HostileSignal>,
  check: (h: HostileSignal) => string | undefined,
  numRuns: number,
): void {
  const out = fc.check(
    fc.property(arbitrary, (h) => check(h) === undefined),
    { numRuns, seed: 2026 },
  );
  if (out.failed && out.counterexample) {
    const [h] = out.counterexample;
    throw new Error(`${check(h) ?? String(out.errorInstance)}\n  for ${describeHostile(h)}`);
  }
}

describe('validateSignal against hostile input', () => {
  it('rejects every malformed and hostile signal with a code it may have, and never throws', () => {
    const seen = new Set<string>();
    holdsFor(
      hostile,
      (h) => {
        seen.add(h.kind);
        const verdict = validateSignal(h.raw, ctx);
        if (verdict.ok) return 'accepted';
        if (!h.codes.includes(verdict.fault.code))
          return `rejected as ${verdict.fault.code}: ${verdict.fault.message}`;
        return undefined;
      },
      10_000,
    );
    expect([...seen].sort()).toEqual([...HOSTILE_KINDS].sort());
  });

  it('judges a hostile item of an HTTP batch as the same message on Kafka', () => {
    holdsFor(
      hostile.filter((h) => h.json),
      (h) => {
        const fromKafka = validateSignal(h.raw, ctx);
        const fromHttp = validateParsedSignal(JSON.parse(h.raw.toString()), ctx);
        if (fromKafka.ok || fromHttp.ok) return 'accepted';
        if (fromKafka.fault.code === 'TOO_LARGE') return undefined;
        return fromHttp.fault.code === fromKafka.fault.code
          ? undefined
          : `${fromHttp.fault.code} over HTTP, ${fromKafka.fault.code} on Kafka`;
      },
      2_000,
    );
  });

  it('leaves Object.prototype alone whatever keys a message holds', () => {
    holdsFor(
      hostile.filter((h) => h.kind === 'prototype_pollution'),
      (h) => (validateSignal(h.raw, ctx).ok ? 'accepted' : undefined),
      500,
    );
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});

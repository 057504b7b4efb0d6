import { inhibitRuleSchema } from '../routes/route.schema';
import { isInhibited, keepsInForce } from './inhibition';
import { contextOf, CORRIDOR, DARIEN, LAJAS, lookups, TAPACHULA } from '../testing/routing.fixtures';

const corridorView = inhibitRuleSchema.parse({
  source: { kind: 'corridor' },
  target: { kind: 'series' },
  equal: ['corridor'],
  recipients: ['secretariat'],
});
const levelsOf = lookups.levelsOf;

describe('isInhibited', () => {
  it("holds back a corridor's places for the recipients that want the corridor view, while the corridor alert is in force", () => {
    const active = [contextOf(CORRIDOR)];
    expect(isInhibited([corridorView], active, contextOf(DARIEN), 'secretariat', levelsOf)).toBe(true);
    expect(isInhibited([corridorView], active, contextOf(TAPACHULA), 'secretariat', levelsOf)).toBe(true);
    expect(isInhibited([corridorView], active, contextOf(DARIEN), 'ops_pan', levelsOf)).toBe(false);
    expect(isInhibited([corridorView], [], contextOf(DARIEN), 'secretariat', levelsOf)).toBe(false);
  });

  it('does not hold back a place off the corridor, nor the corridor alert itself', () => {
    const active = [contextOf(CORRIDOR)];
    expect(isInhibited([corridorView], active, contextOf(LAJAS), 'secretariat', levelsOf)).toBe(false);
    const everything = inhibitRuleSchema.parse({ source: {}, target: {} });
    expect(isInhibited([everything], active, contextOf(CORRIDOR), 'secretariat', levelsOf)).toBe(false);
  });

  it('needs every equal label to agree, and the source to match its own matchers', () => {
    const sameState = inhibitRuleSchema.parse({
      source: { minLevel: 'warning' },
      target: { trigger: 'darien-crossings-surge' },
      equal: ['state', 'indicator'],
    });
    const warning = contextOf('PAN/irregular_crossings/PAN/-/-', {
      trigger: 'darien-north-corridor',
      level: 'warning',
    });
    expect(isInhibited([sameState], [warning], contextOf(DARIEN), 'x', levelsOf)).toBe(true);
    expect(
      isInhibited(
        [sameState],
        [contextOf('PAN/irregular_crossings/PAN/-/-', { level: 'watch', alertId: 'w' })],
        contextOf(DARIEN),
        'x',
        levelsOf,
      ),
    ).toBe(false);
    expect(isInhibited([sameState], [warning], contextOf(TAPACHULA), 'x', levelsOf)).toBe(false);
  });
});

describe('keepsInForce', () => {
  it('counts fired alerts as in force, never pending, ended or shadow ones', () => {
    expect(keepsInForce(contextOf(CORRIDOR, { type: 'escalated' }))).toBe(true);
    expect(keepsInForce(contextOf(CORRIDOR, { type: 'pending' }))).toBe(false);
    expect(keepsInForce(contextOf(CORRIDOR, { type: 'resolved' }))).toBe(false);
    expect(keepsInForce(contextOf(CORRIDOR, { shadow: true }))).toBe(false);
  });
});

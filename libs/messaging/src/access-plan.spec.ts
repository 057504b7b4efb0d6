import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  accessPlan,
  aclBindings,
  aclChanges,
  agencyPrincipal,
  recipientPrincipal,
  type AclBinding,
  type Principal,
} from './access-plan';
import { parseTopicPlan } from './topic-plan';

const PREFIX = 'run-1.';
const plan = parseTopicPlan(readFileSync(join(__dirname, '../../../deploy/topics.yaml'), 'utf8'), PREFIX);
const principals = accessPlan(plan, PREFIX);
const bindings = aclBindings(principals);

/** Who may do `operation` on a topic, literally or through a prefix. */
function allowed(topic: string, operation: 'Read' | 'Write'): string[] {
  return bindings
    .filter((b) => b.resource === 'topic' && b.operation === operation)
    .filter((b) => (b.pattern === 'literal' ? b.name === topic : topic.startsWith(b.name)))
    .map((b) => b.principal.slice('User:'.length))
    .sort();
}

const byName = (name: string): Principal => {
  const found = principals.find((p) => p.name === name);
  if (!found) throw new Error(`no principal ${name}`);
  return found;
};

describe('accessPlan over deploy/topics.yaml', () => {
  it('has one principal per reporter, recipient and service, and the operator, each named once', () => {
    const names = principals.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(plan.reporters.length + plan.recipients.length + 4 + 1);
    names.forEach((n) => expect(n).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/));
  });

  it('lets only its own agency, the gateway and the operator write a state’s signals, and only ingest read them', () => {
    for (const reporter of plan.reporters) {
      const topic = `${PREFIX}atalaya.signals.${reporter}`;
      expect(allowed(topic, 'Write')).toEqual(
        [agencyPrincipal(reporter), 'operator', 'service-gateway'].sort(),
      );
      expect(allowed(topic, 'Read')).toEqual(['operator', 'service-ingest']);
    }
  });

  it('lets only its own agency read a state’s rejections', () => {
    for (const reporter of plan.reporters) {
      const readers = allowed(`${PREFIX}atalaya.rejections.${reporter}`, 'Read');
      expect(readers).toEqual([agencyPrincipal(reporter), 'operator'].sort());
    }
  });

  it('lets only its own recipient read a notification topic and write the acknowledgement topic', () => {
    for (const id of plan.recipients) {
      expect(allowed(`${PREFIX}atalaya.notify.${id}`, 'Read')).toEqual(
        [recipientPrincipal(id), 'operator'].sort(),
      );
      expect(allowed(`${PREFIX}atalaya.notify.${id}`, 'Write')).toEqual(['operator', 'service-dispatcher']);
      expect(allowed(`${PREFIX}atalaya.acks.${id}`, 'Write')).toEqual(
        [recipientPrincipal(id), 'operator'].sort(),
      );
      expect(allowed(`${PREFIX}atalaya.acks.${id}`, 'Read')).toEqual(['operator', 'service-dispatcher']);
    }
  });

  it('confines every agency and recipient to consumer groups named after itself', () => {
    for (const p of principals.filter((x) => x.kind === 'agency' || x.kind === 'recipient')) {
      const groups = p.acls.filter((a) => a.resource === 'group');
      expect(groups).toEqual([
        { resource: 'group', name: p.name, pattern: 'prefixed', operations: ['Read'] },
      ]);
      expect(p.acls.filter((a) => a.pattern === 'prefixed' && a.resource === 'topic')).toEqual([]);
    }
  });

  it('gives the engine the observations to read and the alerts to write, nothing of the agencies’', () => {
    const engine = byName('service-engine');
    expect(
      engine.acls.flatMap((a) => a.operations.map((o) => `${o} ${a.resource} ${a.name}`)).sort(),
    ).toEqual(
      [
        `Read group ${PREFIX}atalaya-engine`,
        `Read topic ${PREFIX}atalaya.observations`,
        `Write topic ${PREFIX}atalaya.alerts`,
        `Write topic ${PREFIX}atalaya.deadletter.atalaya.observations`,
      ].sort(),
    );
  });

  it('gives every topic of the plan a writer and a reader besides the operator', () => {
    const lonely = plan.topics
      .map((t) => t.topic)
      .filter((topic) => !topic.includes('.deadletter.'))
      .filter(
        (topic) =>
          allowed(topic, 'Write').filter((p) => p !== 'operator').length === 0 ||
          allowed(topic, 'Read').filter((p) => p !== 'operator').length === 0,
      );
    expect(lonely).toEqual([]);
  });
});

describe('aclChanges', () => {
  const b = (principal: string, name: string, operation: AclBinding['operation'] = 'Read'): AclBinding => ({
    principal,
    resource: 'topic',
    name,
    pattern: 'literal',
    operation,
  });

  it('creates what is missing and removes what the plan no longer grants its own principals', () => {
    const wanted = [b('User:agency-pan', 'a'), b('User:agency-pan', 'b', 'Write')];
    const existing = [b('User:agency-pan', 'a'), b('User:agency-pan', 'old'), b('User:someone-else', 'x')];
    expect(aclChanges(wanted, existing)).toEqual({
      create: [b('User:agency-pan', 'b', 'Write')],
      remove: [b('User:agency-pan', 'old')],
    });
  });

  it('changes nothing when the broker has the plan', () => {
    expect(aclChanges(bindings, bindings)).toEqual({ create: [], remove: [] });
  });
});

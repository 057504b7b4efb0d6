import { topicNames, type TopicNames } from '@atalaya/contracts';
import type { TopicPlan } from './topic-plan';

/** The operations Atalaya grants, spelled as Kafka's ACLs (and Strimzi's `KafkaUser`) spell them. */
export type AclOperation = 'Read' | 'Write' | 'Describe' | 'Create' | 'DescribeConfigs' | 'AlterConfigs';

export interface AclRule {
  readonly resource: 'topic' | 'group' | 'cluster';
  /** The topic or group name, or its first characters when `pattern` is `prefixed`; `kafka-cluster` for the cluster. */
  readonly name: string;
  readonly pattern: 'literal' | 'prefixed';
  readonly operations: readonly AclOperation[];
}

export type PrincipalKind = 'agency' | 'recipient' | 'service' | 'operator';

export interface Principal {
  /** The SCRAM user name, which is also the Strimzi `KafkaUser`'s: lower case, digits and dashes. */
  readonly name: string;
  readonly kind: PrincipalKind;
  /** The reporter (ISO3), recipient id or service the principal stands for. */
  readonly subject: string;
  /** Consumer groups of this principal must start with this. */
  readonly groupPrefix: string;
  readonly acls: readonly AclRule[];
}

/** The services with a broker principal of their own; the CLI runs as the operator. */
export const SERVICES = ['ingest', 'engine', 'dispatcher', 'gateway'] as const;

const topic = (name: string, ...operations: AclOperation[]): AclRule => ({
  resource: 'topic',
  name,
  pattern: 'literal',
  operations,
});
const topics = (names: readonly string[], ...operations: AclOperation[]): AclRule[] =>
  names.map((n) => topic(n, ...operations));
const group = (name: string, pattern: AclRule['pattern'] = 'literal'): AclRule => ({
  resource: 'group',
  name,
  pattern,
  operations: ['Read'],
});

/** A principal name from an id: `ops_mex` becomes `ops-mex`, `MEX` becomes `mex`. */
function dnsName(id: string): string {
  return id.toLowerCase().replace(/_/g, '-');
}

export function agencyPrincipal(reporter: string): string {
  return `agency-${dnsName(reporter)}`;
}

export function recipientPrincipal(recipientId: string): string {
  return `recipient-${dnsName(recipientId)}`;
}

export function servicePrincipal(service: string): string {
  return `service-${service}`;
}

export const OPERATOR_PRINCIPAL = 'operator';

/**
 * Who may do what on the broker, least privilege, from the topic plan (`deploy/topics.yaml`): an agency
 * writes its own signals topic and reads its own rejections; a recipient reads its own notifications and
 * writes its own acknowledgements; each service reads and writes what its module declares; the operator
 * (the `atalaya` CLI) creates topics and replays dead letters. Kafka implies Describe from Read and Write.
 * `kafka.sh` and `atalaya kafka acls` apply it to the local broker, `atalaya kubernetes export` writes it
 * as Strimzi `KafkaUser`s: one source for both.
 */
export function accessPlan(plan: TopicPlan, prefix = ''): Principal[] {
  const t: TopicNames = topicNames(prefix);
  const signals = plan.reporters.map((r) => t.signals(r));
  const rejections = plan.reporters.map((r) => t.rejections(r));
  const notify = plan.recipients.map((r) => t.notify(r));
  const acks = plan.recipients.map((r) => t.acks(r));
  const serviceGroup = (s: string) => `${prefix}atalaya-${s}`;

  const agencies = plan.reporters.map((reporter): Principal => {
    const name = agencyPrincipal(reporter);
    return {
      name,
      kind: 'agency',
      subject: reporter,
      groupPrefix: name,
      acls: [
        topic(t.signals(reporter), 'Write'),
        topic(t.rejections(reporter), 'Read'),
        group(name, 'prefixed'),
      ],
    };
  });
  const recipients = plan.recipients.map((recipient): Principal => {
    const name = recipientPrincipal(recipient);
    return {
      name,
      kind: 'recipient',
      subject: recipient,
      groupPrefix: name,
      acls: [topic(t.notify(recipient), 'Read'), topic(t.acks(recipient), 'Write'), group(name, 'prefixed')],
    };
  });

  const service = (s: (typeof SERVICES)[number], acls: AclRule[]): Principal => ({
    name: servicePrincipal(s),
    kind: 'service',
    subject: s,
    groupPrefix: serviceGroup(s),
    acls,
  });
  const services = [
    service('ingest', [
      ...topics(signals, 'Read'),
      ...topics([t.observations, ...rejections], 'Write'),
      ...topics(
        signals.map((s) => t.deadLetter(s)),
        'Write',
      ),
      group(serviceGroup('ingest')),
    ]),
    service('engine', [
      topic(t.observations, 'Read'),
      topic(t.alerts, 'Write'),
      topic(t.deadLetter(t.observations), 'Write'),
      group(serviceGroup('engine')),
    ]),
    service('dispatcher', [
      topic(t.alerts, 'Read'),
      ...topics(acks, 'Read'),
      ...topics(notify, 'Write'),
      ...topics(
        [t.alerts, ...acks].map((s) => t.deadLetter(s)),
        'Write',
      ),
      group(serviceGroup('dispatcher')),
    ]),
    service('gateway', [
      ...topics([...signals, ...rejections], 'Write'),
      ...topics([t.alerts, t.observations], 'Read'),
      group(`${serviceGroup('gateway')}-stream-`, 'prefixed'),
    ]),
  ];

  const operator: Principal = {
    name: OPERATOR_PRINCIPAL,
    kind: 'operator',
    subject: 'atalaya',
    groupPrefix: `${prefix}atalaya-cli`,
    acls: [
      {
        resource: 'cluster',
        name: 'kafka-cluster',
        pattern: 'literal',
        operations: ['Describe', 'DescribeConfigs'],
      },
      {
        resource: 'topic',
        name: `${prefix}atalaya.`,
        pattern: 'prefixed',
        operations: ['Create', 'Read', 'Write', 'DescribeConfigs'],
      },
      group(`${prefix}atalaya-cli`, 'prefixed'),
    ],
  };
  return [...agencies, ...recipients, ...services, operator];
}

/** One ACL as the broker stores it: a principal allowed one operation on one resource pattern. */
export interface AclBinding {
  readonly principal: string;
  readonly resource: AclRule['resource'];
  readonly name: string;
  readonly pattern: AclRule['pattern'];
  readonly operation: AclOperation;
}

/** Every binding of the plan, one per operation, as `User:<name>`. */
export function aclBindings(principals: readonly Principal[]): AclBinding[] {
  return principals.flatMap((p) =>
    p.acls.flatMap((rule) =>
      rule.operations.map((operation) => ({
        principal: `User:${p.name}`,
        resource: rule.resource,
        name: rule.name,
        pattern: rule.pattern,
        operation,
      })),
    ),
  );
}

const bindingKey = (b: AclBinding) => `${b.principal}|${b.resource}|${b.pattern}|${b.name}|${b.operation}`;

/**
 * What to create and what to delete for the broker's ACLs to be the plan's: a principal of the plan
 * loses what the plan no longer grants it; the ACLs of principals outside the plan are left alone.
 */
export function aclChanges(
  wanted: readonly AclBinding[],
  existing: readonly AclBinding[],
): { create: AclBinding[]; remove: AclBinding[] } {
  const want = new Map(wanted.map((b) => [bindingKey(b), b]));
  const have = new Map(existing.map((b) => [bindingKey(b), b]));
  const ours = new Set(wanted.map((b) => b.principal));
  return {
    create: [...want].filter(([k]) => !have.has(k)).map(([, b]) => b),
    remove: [...have].filter(([k, b]) => !want.has(k) && ours.has(b.principal)).map(([, b]) => b),
  };
}

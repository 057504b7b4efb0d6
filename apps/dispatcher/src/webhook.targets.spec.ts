import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseTopicPlan } from '@atalaya/messaging';
import { loadReference } from '@atalaya/reference/files';
import { recipientSchema, type Recipient } from '@atalaya/routing';
import { loadRoutingFiles, routingPathsIn } from '@atalaya/routing/files';
import { repoRoot } from '@atalaya/testing';
import { parseCatalogue } from '@atalaya/triggers';
import { webhookTargets } from './webhook.targets';

const secret = `whsec_${Buffer.from('s'.repeat(32)).toString('base64')}`;
const recipient = (channels: Recipient['channels']): Recipient =>
  recipientSchema.parse({
    id: 'ops_pan',
    name: 'SNM',
    kind: 'state_operations_centre',
    state: 'PAN',
    languages: ['es'],
    channels,
  });

describe('webhookTargets', () => {
  const own = ['http://127.0.0.1:3103'];

  it('reads each webhook secret from the variable the catalogue names', () => {
    const targets = webhookTargets(
      [
        recipient([
          { type: 'webhook', url: 'https://coe.example.org/hook', secrets: ['PAN_OLD', 'PAN_NEW'] },
        ]),
      ],
      { PAN_OLD: secret, PAN_NEW: secret.replace('c3Nz', 'dHR0') },
      own,
    );
    expect(targets.get('ops_pan')).toEqual({
      url: 'https://coe.example.org/hook',
      secrets: [secret, secret.replace('c3Nz', 'dHR0')],
    });
  });

  it('refuses to start, naming every problem: a missing secret, a malformed one, a URL back at Atalaya', () => {
    expect(() =>
      webhookTargets(
        [
          recipient([
            { type: 'webhook', url: 'http://127.0.0.1:3103/loop', secrets: ['PAN_SECRET', 'PAN_NEXT'] },
          ]),
        ],
        { PAN_NEXT: 'hunter2' },
        own,
      ),
    ).toThrow(
      [
        'webhooks cannot be delivered:',
        '  recipient ops_pan: webhook "http://127.0.0.1:3103/loop" points at Atalaya itself (http://127.0.0.1:3103)',
        '  recipient ops_pan: PAN_SECRET is not set (its webhook signing secret)',
        '  recipient ops_pan: PAN_NEXT is not a whsec_ secret of 24 to 64 bytes in base64',
      ].join('\n'),
    );
  });
});

describe('the default catalogue and the topic plan', () => {
  const root = repoRoot();
  const reference = loadReference(resolve(root, 'deploy/catalogue'));
  const catalogue = parseCatalogue(
    readFileSync(resolve(root, 'deploy/catalogue/triggers.yaml'), 'utf8'),
    'triggers.yaml',
    reference,
  );
  const { routing } = loadRoutingFiles(
    routingPathsIn(resolve(root, 'deploy/catalogue')),
    reference,
    catalogue,
  );
  const plan = parseTopicPlan(readFileSync(resolve(root, 'deploy/topics.yaml'), 'utf8'));

  it('give every recipient with a kafka channel its notification topic', () => {
    const kafka = routing.recipients
      .filter((r) => r.channels.some((c) => c.type === 'kafka'))
      .map((r) => r.id);
    expect([...plan.recipients].sort()).toEqual(routing.recipients.map((r) => r.id).sort());
    expect(kafka.every((id) => plan.recipients.includes(id))).toBe(true);
  });
});

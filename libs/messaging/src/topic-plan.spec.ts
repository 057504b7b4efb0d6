import { parseTopicPlan } from './topic-plan';

const text = `
reporters: [PAN, HND]
topics:
  - { name: 'atalaya.signals.{reporter}', partitions: 2, retentionDays: 30, description: per state }
  - { name: atalaya.alerts, partitions: 3, retentionDays: forever, description: alerts }
`;

describe('parseTopicPlan', () => {
  it('expands one signals topic per reporter, with the prefix and retention', () => {
    const plan = parseTopicPlan(text, 'run-1.');
    expect(plan.topics.map((t) => [t.topic, t.numPartitions, t.configEntries[0].value])).toEqual([
      ['run-1.atalaya.signals.PAN', 2, String(30 * 24 * 3600 * 1000)],
      ['run-1.atalaya.signals.HND', 2, String(30 * 24 * 3600 * 1000)],
      ['run-1.atalaya.alerts', 3, '-1'],
    ]);
  });

  it('expands one notification topic per recipient', () => {
    const withRecipients = `${text}recipients: [pan_coe, iom]\n`.replace(
      'topics:\n',
      "topics:\n  - { name: 'atalaya.notify.{recipient}', partitions: 1, retentionDays: 30, description: per recipient }\n",
    );
    expect(
      parseTopicPlan(withRecipients)
        .topics.map((t) => t.topic)
        .slice(0, 2),
    ).toEqual(['atalaya.notify.pan_coe', 'atalaya.notify.iom']);
  });

  it('refuses a reporter that is not an ISO3 code', () => {
    expect(() => parseTopicPlan(text.replace('HND', 'Honduras'))).toThrow(/ISO 3166-1 alpha-3/);
  });
});

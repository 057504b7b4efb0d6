import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFeed, repoRoot, type LoadMessage, type LoadShape } from '@atalaya/testing';
import { parse } from 'yaml';
import type { History } from './fault-run';

/** The load of the suites under faults: `signals` messages of the benchmarks' generator, seeded. */
export function faultStream(signals: number, seed: number): { shape: LoadShape; messages: LoadMessage[] } {
  const catalogue = join(repoRoot(), 'deploy/catalogue');
  const read = <T>(file: string) => parse(readFileSync(join(catalogue, file), 'utf8')) as T;
  const days = Math.ceil(signals / 5000) + 2;
  const shape: LoadShape = {
    seed,
    reporters: read<{ reporters: { iso3: string }[] }>('reporters.yaml').reporters.map((r) => r.iso3),
    placesPerReporter: 24,
    indicators: read<{ indicators: { name: string }[] }>('indicators.yaml')
      .indicators.slice(0, 10)
      .map((i) => i.name),
    firstDay: new Date(Date.now() - (days + 1) * 86_400_000).toISOString().slice(0, 10),
    hourlyShare: 0.01,
    duplicateShare: 0.02,
    badShare: 0.01,
  };
  const messages: LoadMessage[] = [];
  for (const m of loadFeed(shape, days)) {
    messages.push(m);
    if (messages.length === signals) break;
  }
  return { shape, messages };
}

const missingFrom = <K>(from: ReadonlyMap<K, unknown> | ReadonlySet<K>, of: Iterable<K>) =>
  [...of].filter((k) => !from.has(k));
const differing = <K, V>(a: ReadonlyMap<K, V>, b: ReadonlyMap<K, V>) =>
  [...a].filter(([k, v]) => b.has(k) && b.get(k) !== v).map(([k]) => k);

/**
 * Where a run under faults differs from the run without them and from what the load sent: each entry a list
 * of what is lost, doubled or changed, all empty when the run held every guarantee.
 */
export function differences(clean: History, faulted: History, messages: readonly LoadMessage[]) {
  const accepted = messages
    .filter((m) => m.kind === 'signal' || m.kind === 'revision')
    .map((m) => (JSON.parse(m.value) as { signalId: string }).signalId);
  const bad = new Set(messages.filter((m) => m.kind === 'bad').map((m) => `${m.reporter}|${m.value}`)).size;
  const said = (wrong: boolean, what: string) => (wrong ? [what] : []);
  return {
    acceptedNotStoredWithoutFaults: missingFrom(clean.observations, accepted),
    // Whose loss it is: a signal the agency's producer never wrote is not one Atalaya lost.
    sentNeverOnTopic: missingFrom(faulted.signalsOnTopics, accepted),
    onTopicNeverStored: missingFrom(faulted.observations, faulted.signalsOnTopics),
    storedWithoutFaultsNotAccepted: missingFrom(new Set(accepted), clean.observations.keys()),
    observationsLost: missingFrom(faulted.observations, clean.observations.keys()),
    observationsExtra: missingFrom(clean.observations, faulted.observations.keys()),
    observationsChanged: differing(clean.observations, faulted.observations),
    alertEventsLost: missingFrom(faulted.alertEvents, clean.alertEvents.keys()),
    alertEventsExtra: missingFrom(clean.alertEvents, faulted.alertEvents.keys()),
    alertEventsChanged: differing(clean.alertEvents, faulted.alertEvents),
    alertEventsNotOnTopic: missingFrom(faulted.onAlertsTopic, faulted.alertEvents.keys()),
    alertEventsOnTopicOnly: missingFrom(faulted.alertEvents, faulted.onAlertsTopic.keys()),
    alertIdsWithTwoBodies: faulted.alertIdsWithTwoBodies,
    alertsNotNotified: missingFrom(faulted.latestNotified, clean.latestNotified.keys()),
    alertsNotifiedOnlyUnderFaults: missingFrom(clean.latestNotified, faulted.latestNotified.keys()),
    recipientsLeftOnAnotherEvent: differing(clean.latestNotified, faulted.latestNotified),
    notificationKeysWithTwoBodies: faulted.keysWithTwoBodies,
    notificationKeysWithTwoBodiesWithoutFaults: clean.keysWithTwoBodies,
    webhooksUnverified: said(
      faulted.unverifiedWebhooks > 0,
      `${faulted.unverifiedWebhooks} webhooks unverified`,
    ),
    notificationsUndelivered: faulted.undelivered,
    badNotRejectedWithoutFaults: said(
      clean.rejections.size !== bad,
      `${clean.rejections.size} messages rejected of ${bad} bad ones`,
    ),
    copiesNotRejectedWithoutFaults: unreconciled(clean),
    copiesNotRejected: unreconciled(faulted),
    rejectionsLost: missingFrom(faulted.rejections, clean.rejections.keys()),
    rejectionsExtra: missingFrom(clean.rejections, faulted.rejections.keys()),
    rejectionsChanged: differing(clean.rejections, faulted.rejections),
    deadLetters: said(
      clean.deadLetters + faulted.deadLetters > 0,
      `${clean.deadLetters} dead letters without faults, ${faulted.deadLetters} with`,
    ),
  };
}

/** Bad messages on the signals topics whose copies were not each rejected once. */
const unreconciled = (h: History) =>
  [...h.badOnTopics].filter(([key, copies]) => h.rejectionCopies.get(key) !== copies).map(([key]) => key);

export type Differences = ReturnType<typeof differences>;

/** What each difference is when there is none. */
export function noDifferences(d: Differences): Record<keyof Differences, []> {
  return Object.fromEntries(Object.keys(d).map((k) => [k, []])) as unknown as Record<keyof Differences, []>;
}

/** Lost: what the run without faults had and this one has not; doubled: what this one has twice or extra. */
export function lostAndDoubled(d: Differences): { lost: number; doubled: number; changed: number } {
  return {
    lost:
      d.observationsLost.length +
      d.alertEventsLost.length +
      d.alertEventsNotOnTopic.length +
      d.alertsNotNotified.length +
      d.copiesNotRejected.length +
      d.notificationsUndelivered.length +
      d.rejectionsLost.length,
    doubled:
      d.observationsExtra.length +
      d.alertEventsExtra.length +
      d.alertIdsWithTwoBodies.length +
      d.notificationKeysWithTwoBodies.length +
      d.rejectionsExtra.length,
    changed:
      d.observationsChanged.length +
      d.alertEventsChanged.length +
      d.recipientsLeftOnAnotherEvent.length +
      d.rejectionsChanged.length,
  };
}

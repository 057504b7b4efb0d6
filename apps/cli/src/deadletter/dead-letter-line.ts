import type { DeadLetter } from './dead-letters';

const PREVIEW = 120;

/** One dead letter on one line: where it sits, where it came from, attempts, why, and the start of its value. */
export function deadLetterLine(d: DeadLetter): string {
  const at = `${d.deadLetterTopic}/${d.partition}@${d.offset}`;
  const value = (d.value?.toString() ?? '').replace(/\s+/g, ' ');
  const preview = value.length > PREVIEW ? `${value.slice(0, PREVIEW)}…` : value;
  const mark = d.replayed ? ' [replayed]' : '';
  if ('missing' in d.origin)
    return `${at}${mark}  (origin unknown: lacks ${d.origin.missing.join(', ')})  ${preview}`;
  const o = d.origin;
  return `${at}${mark}  from ${o.topic}/${o.partition}@${o.offset}  ${o.failedAt}  ${o.attempts} attempt(s)  ${o.error}  key=${d.key ?? '-'}  ${preview}`;
}

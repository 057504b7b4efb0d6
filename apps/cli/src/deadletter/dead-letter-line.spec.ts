import { DEAD_LETTER_HEADERS, deadLetterOrigin } from '@atalaya/contracts';
import { deadLetterLine } from './dead-letter-line';
import type { DeadLetter } from './dead-letters';

const headers = {
  [DEAD_LETTER_HEADERS.topic]: 'atalaya.observations',
  [DEAD_LETTER_HEADERS.partition]: '4',
  [DEAD_LETTER_HEADERS.offset]: '1207',
  [DEAD_LETTER_HEADERS.group]: 'atalaya-engine',
  [DEAD_LETTER_HEADERS.error]: 'PoisonMessageError: observation at offset 1207 does not match its contract',
  [DEAD_LETTER_HEADERS.attempts]: '1',
  [DEAD_LETTER_HEADERS.failedAt]: '2026-12-01T20:00:00.000Z',
  'correlation-id': 'c-1',
};

const letter = (over: Partial<DeadLetter> = {}): DeadLetter => ({
  deadLetterTopic: 'atalaya.deadletter.atalaya.observations',
  partition: 0,
  offset: '3',
  key: 'PAN/irregular_entries/PAN//darien',
  value: Buffer.from('{"not": "an observation"}'),
  headers,
  origin: deadLetterOrigin(headers),
  replayed: false,
  ...over,
});

describe('deadLetterLine', () => {
  it('says where the letter sits, where it came from, when, after how many attempts and why', () => {
    expect(deadLetterLine(letter())).toBe(
      'atalaya.deadletter.atalaya.observations/0@3  from atalaya.observations/4@1207  2026-12-01T20:00:00.000Z  ' +
        '1 attempt(s)  PoisonMessageError: observation at offset 1207 does not match its contract  ' +
        'key=PAN/irregular_entries/PAN//darien  {"not": "an observation"}',
    );
  });

  it('marks a replayed letter and cuts a long value', () => {
    const line = deadLetterLine(letter({ replayed: true, value: Buffer.from('x'.repeat(500)) }));
    expect(line).toContain('@3 [replayed]  from');
    expect(line.endsWith(`${'x'.repeat(120)}…`)).toBe(true);
  });

  it('names the headers a message not written by Atalaya lacks', () => {
    expect(deadLetterLine(letter({ headers: {}, origin: deadLetterOrigin({}) }))).toMatch(
      /^atalaya\.deadletter\.atalaya\.observations\/0@3 {2}\(origin unknown: lacks atalaya-dlq-topic, atalaya-dlq-partition,/,
    );
  });
});

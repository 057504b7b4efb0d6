import { chunkTopicMessages } from './chunked.send';

const messages = (topic: string, n: number, size: number) => ({
  topic,
  messages: Array.from({ length: n }, (_, i) => ({ key: `${topic}-${i}`, value: 'x'.repeat(size) })),
});

describe('chunkTopicMessages', () => {
  it('keeps a small batch in one request', () => {
    expect(chunkTopicMessages([messages('a', 3, 10), messages('b', 2, 10)])).toHaveLength(1);
  });

  it('splits a large batch into requests under the limit, keeping every message in order', () => {
    const input = [messages('a', 100, 900), messages('b', 50, 900)];
    const requests = chunkTopicMessages(input, 10_000);
    expect(requests.length).toBeGreaterThan(10);
    requests.forEach((r) => {
      const bytes = r.flatMap((t) => t.messages).reduce((sum, m) => sum + String(m.value).length + 64 + 8, 0);
      expect(bytes).toBeLessThanOrEqual(10_000 + 1000);
    });
    const flattened = (topic: string) =>
      requests.flatMap((r) =>
        r.filter((t) => t.topic === topic).flatMap((t) => t.messages.map((m) => m.key)),
      );
    expect(flattened('a')).toEqual(input[0].messages.map((m) => m.key));
    expect(flattened('b')).toEqual(input[1].messages.map((m) => m.key));
  });

  it('sends a single message larger than the limit on its own rather than never', () => {
    const requests = chunkTopicMessages([messages('a', 3, 5000)], 1000);
    expect(requests.map((r) => r[0].messages.length)).toEqual([1, 1, 1]);
  });
});

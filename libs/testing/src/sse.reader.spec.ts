import { SseParser } from './sse.reader';

describe('SseParser', () => {
  it('reads events split across chunks, with ids, types and joined data lines', () => {
    const parser = new SseParser();
    expect(parser.push('retry: 3000\n\nid: 4\nevent: al')).toEqual([]);
    expect(parser.push('ert\ndata: {"a":\ndata: 1}\n\n: heartbeat\n\ndata: x\r\n\r\n')).toEqual([
      { id: '4', event: 'alert', data: '{"a":\n1}' },
      { event: 'message', data: 'x' },
    ]);
  });
});

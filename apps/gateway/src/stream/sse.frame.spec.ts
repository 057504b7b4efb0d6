import { sseFrame, sseHeartbeat, sseRetry } from './sse.frame';

describe('sseFrame', () => {
  it('writes the id, the event type and the data on one line, ended by a blank line', () => {
    expect(sseFrame({ id: '42', event: 'alert', data: { seq: '42' } })).toBe(
      'id: 42\nevent: alert\ndata: {"seq":"42"}\n\n',
    );
  });

  it('leaves the id out of events that are not to be resumed after', () => {
    expect(sseFrame({ event: 'action', data: { a: 1 } })).toBe('event: action\ndata: {"a":1}\n\n');
  });

  it('keeps data with line breaks on one data line', () => {
    const frame = sseFrame({ event: 'alert', data: { note: 'one\ntwo\r\nthree' } });
    expect(frame.split('\n').filter((l) => l.startsWith('data: '))).toHaveLength(1);
    expect(frame.trimEnd().split('\n')).toHaveLength(2);
  });

  it('writes heartbeats as comments and the reconnection delay as retry', () => {
    expect(sseHeartbeat.startsWith(':')).toBe(true);
    expect(sseRetry(2000)).toBe('retry: 2000\n\n');
  });
});

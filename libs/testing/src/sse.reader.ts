/** One server-sent event as a client receives it. */
export interface SseEvent {
  readonly id?: string;
  readonly event: string;
  readonly data: string;
}

/**
 * The event-stream parser of WHATWG HTML ("Server-sent events"), enough for tests: lines split on CR, LF or
 * CRLF across chunks, `data` lines joined, comments and `retry` skipped, `message` the default type.
 */
export class SseParser {
  private pending = '';
  private fields: { id?: string; event?: string; data: string[] } = { data: [] };

  push(chunk: string): SseEvent[] {
    this.pending += chunk;
    const lines = this.pending.split(/\r\n|\r|\n/);
    this.pending = lines.pop() ?? '';
    const events: SseEvent[] = [];
    for (const line of lines) {
      if (line === '') {
        if (this.fields.data.length > 0) {
          events.push({
            ...(this.fields.id === undefined ? {} : { id: this.fields.id }),
            event: this.fields.event ?? 'message',
            data: this.fields.data.join('\n'),
          });
        }
        this.fields = { data: [] };
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const name = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (name === 'data') this.fields.data.push(value);
      else if (name === 'event') this.fields.event = value;
      else if (name === 'id') this.fields.id = value;
    }
    return events;
  }
}

/** An open event stream: its status, what it has received so far, and a way to close it. */
export interface SseConnection {
  readonly status: number;
  /** Every event received, in order. */
  readonly events: readonly SseEvent[];
  /** Settles when the server ends the stream or it is closed. */
  readonly ended: Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens `url` as an event stream with fetch (Node 20 has no EventSource) and collects its events in the
 * background, each also handed to `onEvent` as it arrives. A response other than 200 is returned with no events, its body left for the caller.
 */
export async function openSse(
  url: string,
  headers: Record<string, string> = {},
  onEvent: (event: SseEvent) => void = () => undefined,
): Promise<SseConnection & { readonly response: Response }> {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const events: SseEvent[] = [];
  const parser = new SseParser();
  const read = async () => {
    if (response.status !== 200 || !response.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body) {
        for (const event of parser.push(decoder.decode(chunk as Uint8Array, { stream: true }))) {
          events.push(event);
          onEvent(event);
        }
      }
    } catch (err) {
      if (!abort.signal.aborted) throw err;
    }
  };
  const ended = read();
  return {
    response,
    status: response.status,
    events,
    ended,
    close: async () => {
      abort.abort();
      await ended;
    },
  };
}
